-- The Fujian decisions (shared/contracts/fujian-2020-14.md) in plain Lua, as a Lua rules engine
-- would hold them; the same text runs on Lua 5.4 and on LuaJIT (5.1 syntax, no `//`).
-- Takes: evaluate(c, out) with c a table of inputs (dates as day numbers from 1970-01-01, months
-- as year*12+month-1, money as integer fen, enums as strings, nil for null). Produces: out[1..24]
-- in the policy's output order (nil for null). Driven from C++ by bench/lua_driver.cpp.
local floor, min, max = math.floor, math.min, math.max

local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = floor(y / 400)
  local yoe = y - era * 400
  local mp = m > 2 and m - 3 or m + 9
  local doy = floor((153 * mp + 2) / 5) + d - 1
  local doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
end

local function civil_from_days(z)
  z = z + 719468
  local era = floor(z / 146097)
  local doe = z - era * 146097
  local yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100))
  local mp = floor((5 * doy + 2) / 153)
  local d = doy - floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400
  if m <= 2 then y = y + 1 end
  return y, m, d
end

local month_len = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
local function last_day(y, m)
  if m == 2 and ((y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0) then return 29 end
  return month_len[m]
end

local function month_of(day)
  local y, m = civil_from_days(day)
  return y * 12 + m - 1
end

local function first_day(month)
  return days_from_civil(floor(month / 12), month % 12 + 1, 1)
end

local function add_months(day, n)
  local y, m, d = civil_from_days(day)
  local t = y * 12 + m - 1 + n
  local ty, tm = floor(t / 12), t % 12 + 1
  return days_from_civil(ty, tm, min(d, last_day(ty, tm)))
end

-- 2019–2026 State Council calendar as stdlib/cn-holidays/*.edict lists it, runs in the files' order
-- (a later run overrides an earlier one): day number -> "holiday" | "workday".
local calendar = {}
local function mark(y, m, d, y2, m2, d2, state)
  for x = days_from_civil(y, m, d), days_from_civil(y2, m2, d2) do calendar[x] = state end
end
local runs = {
  {2019,1,1,2019,1,1,"holiday"}, {2019,2,4,2019,2,10,"holiday"}, {2019,4,5,2019,4,5,"holiday"},
  {2019,6,7,2019,6,7,"holiday"}, {2019,9,13,2019,9,13,"holiday"}, {2019,10,1,2019,10,7,"holiday"},
  {2019,2,2,2019,2,2,"workday"}, {2019,2,3,2019,2,3,"workday"}, {2019,9,29,2019,9,29,"workday"},
  {2019,10,12,2019,10,12,"workday"}, {2019,5,1,2019,5,4,"holiday"}, {2019,4,28,2019,4,28,"workday"},
  {2019,5,5,2019,5,5,"workday"}, {2020,1,1,2020,1,1,"holiday"}, {2020,1,24,2020,1,30,"holiday"},
  {2020,4,4,2020,4,6,"holiday"}, {2020,5,1,2020,5,5,"holiday"}, {2020,6,25,2020,6,27,"holiday"},
  {2020,10,1,2020,10,8,"holiday"}, {2020,1,19,2020,1,19,"workday"}, {2020,2,1,2020,2,1,"workday"},
  {2020,4,26,2020,4,26,"workday"}, {2020,5,9,2020,5,9,"workday"}, {2020,6,28,2020,6,28,"workday"},
  {2020,9,27,2020,9,27,"workday"}, {2020,10,10,2020,10,10,"workday"}, {2020,1,31,2020,2,2,"holiday"},
  {2021,1,1,2021,1,3,"holiday"}, {2021,2,11,2021,2,17,"holiday"}, {2021,4,3,2021,4,5,"holiday"},
  {2021,5,1,2021,5,5,"holiday"}, {2021,6,12,2021,6,14,"holiday"}, {2021,9,19,2021,9,21,"holiday"},
  {2021,10,1,2021,10,7,"holiday"}, {2021,2,7,2021,2,7,"workday"}, {2021,2,20,2021,2,20,"workday"},
  {2021,4,25,2021,4,25,"workday"}, {2021,5,8,2021,5,8,"workday"}, {2021,9,18,2021,9,18,"workday"},
  {2021,9,26,2021,9,26,"workday"}, {2021,10,9,2021,10,9,"workday"}, {2022,1,1,2022,1,3,"holiday"},
  {2022,1,31,2022,2,6,"holiday"}, {2022,4,3,2022,4,5,"holiday"}, {2022,4,30,2022,5,4,"holiday"},
  {2022,6,3,2022,6,5,"holiday"}, {2022,9,10,2022,9,12,"holiday"}, {2022,10,1,2022,10,7,"holiday"},
  {2022,1,29,2022,1,29,"workday"}, {2022,1,30,2022,1,30,"workday"}, {2022,4,2,2022,4,2,"workday"},
  {2022,4,24,2022,4,24,"workday"}, {2022,5,7,2022,5,7,"workday"}, {2022,10,8,2022,10,8,"workday"},
  {2022,10,9,2022,10,9,"workday"}, {2022,12,31,2023,1,2,"holiday"}, {2023,1,21,2023,1,27,"holiday"},
  {2023,4,5,2023,4,5,"holiday"}, {2023,4,29,2023,5,3,"holiday"}, {2023,6,22,2023,6,24,"holiday"},
  {2023,9,29,2023,10,6,"holiday"}, {2023,1,28,2023,1,28,"workday"}, {2023,1,29,2023,1,29,"workday"},
  {2023,4,23,2023,4,23,"workday"}, {2023,5,6,2023,5,6,"workday"}, {2023,6,25,2023,6,25,"workday"},
  {2023,10,7,2023,10,7,"workday"}, {2023,10,8,2023,10,8,"workday"}, {2024,1,1,2024,1,1,"holiday"},
  {2024,2,10,2024,2,17,"holiday"}, {2024,4,4,2024,4,6,"holiday"}, {2024,5,1,2024,5,5,"holiday"},
  {2024,6,10,2024,6,10,"holiday"}, {2024,9,15,2024,9,17,"holiday"}, {2024,10,1,2024,10,7,"holiday"},
  {2024,2,4,2024,2,4,"workday"}, {2024,2,18,2024,2,18,"workday"}, {2024,4,7,2024,4,7,"workday"},
  {2024,4,28,2024,4,28,"workday"}, {2024,5,11,2024,5,11,"workday"}, {2024,9,14,2024,9,14,"workday"},
  {2024,9,29,2024,9,29,"workday"}, {2024,10,12,2024,10,12,"workday"}, {2025,1,1,2025,1,1,"holiday"},
  {2025,1,28,2025,2,4,"holiday"}, {2025,4,4,2025,4,6,"holiday"}, {2025,5,1,2025,5,5,"holiday"},
  {2025,5,31,2025,6,2,"holiday"}, {2025,10,1,2025,10,8,"holiday"}, {2025,1,26,2025,1,26,"workday"},
  {2025,2,8,2025,2,8,"workday"}, {2025,4,27,2025,4,27,"workday"}, {2025,9,28,2025,9,28,"workday"},
  {2025,10,11,2025,10,11,"workday"}, {2026,1,1,2026,1,3,"holiday"}, {2026,2,15,2026,2,23,"holiday"},
  {2026,4,4,2026,4,6,"holiday"}, {2026,5,1,2026,5,5,"holiday"}, {2026,6,19,2026,6,21,"holiday"},
  {2026,9,25,2026,9,27,"holiday"}, {2026,10,1,2026,10,7,"holiday"}, {2026,1,4,2026,1,4,"workday"},
  {2026,2,14,2026,2,14,"workday"}, {2026,2,28,2026,2,28,"workday"}, {2026,5,9,2026,5,9,"workday"},
  {2026,9,20,2026,9,20,"workday"}, {2026,10,10,2026,10,10,"workday"}}
for _, r in ipairs(runs) do mark(r[1], r[2], r[3], r[4], r[5], r[6], r[7]) end

local function working(day)
  local s = calendar[day]
  if s == "holiday" then return false end
  if s == "workday" then return true end
  local wd = (day + 4) % 7  -- 0 Sunday
  return wd ~= 0 and wd ~= 6
end

local function roll(day)
  while not working(day) do day = day + 1 end
  return day
end

local D20200229 = days_from_civil(2020, 2, 29)

-- Plain functions of their arguments, not closures made inside evaluate: LuaJIT 2.1 cannot compile
-- a closure's creation (FNEW) or the closing of its upvalues (UCLO), so closures per case kept
-- every trace through evaluate from compiling and LuaJIT ran it in its interpreter
-- (docs/performance.md, "The LuaJIT peer").
local function before_end(d, e_end) return e_end == nil or d <= e_end end
local function in_epidemic(d, e_start, e_end) return e_start <= d and (e_end == nil or d <= e_end) end

function evaluate(c, out)
  local e_start, e_end = c.epidemic_start, c.epidemic_end

  -- 一.1
  local pm_first = first_day(c.payment_month)
  local suspended = c.payment_month > month_of(c.certification_due)
    and (c.certified_on == nil or c.certified_on >= pm_first)
  if c.missed_due_to_epidemic and before_end(pm_first, e_end) then suspended = false end
  out[1] = suspended

  -- 一.2
  local age = 60
  if c.scheme ~= "urban_rural_resident" and c.sex == "female" then
    local fp = c.female_position
    if fp == nil then error("female_position is needed") end
    age = fp == "cadre" and 55 or 50
  end
  local retirement = add_months(c.birth_date, 12 * age)
  local start_month = month_of(retirement) + 1
  local back_months = max(0, c.first_payment_month - start_month)
  out[2], out[3], out[4], out[5] = age, retirement, start_month, back_months
  out[6] = c.monthly_pension * back_months

  -- 一.3
  local prepaid = nil
  if c.scheme == "enterprise_employee" then prepaid = 180000
  elseif c.scheme == "public_institution" then
    prepaid = c.approved_standard
    if prepaid == nil then error("approved_standard is needed") end
  end
  local settlement = nil
  if prepaid ~= nil then
    settlement = c.computed_monthly_pension * (c.settlement_month - start_month) - prepaid * c.prepaid_months
  end
  out[7], out[8] = prepaid, settlement
  if settlement == nil then out[9] = nil
  elseif settlement > 0 then out[9] = "supplement"
  elseif settlement < 0 then out[9] = "deduct"
  else out[9] = "none" end

  -- 一.4, 五.2
  local deadline = nil
  if e_end ~= nil then deadline = roll(add_months(e_end, 3)) end
  out[10] = deadline
  out[11] = c.contribution_deferred and in_epidemic(c.injury_date, e_start, e_end) and c.backpay_all_staff
    and c.backpay_completed_on ~= nil and (deadline == nil or c.backpay_completed_on <= deadline)

  -- 一.5, 一.6
  out[12] = c.ui_2019_backpay_declared_on <= D20200229
  local ui_start = month_of(c.ui_applied_on)
  if c.ui_late_due_to_epidemic and before_end(c.ui_eligible_since, e_end) then
    ui_start = min(ui_start, month_of(c.ui_eligible_since) + 1)
  end
  out[13] = ui_start

  -- 四
  local occ = c.occupation
  out[14] = c.infected and (((occ == "medical" or occ == "related_staff") and c.infected_in_duty)
    or c.dispatched_to_epidemic_area)

  -- 五.1
  local backdate = in_epidemic(c.employment_start, e_start, e_end) and c.registered_on > c.employment_start
  out[15] = backdate
  out[16] = backdate and c.employment_start or c.registered_on
  out[17] = backdate

  -- 五.2
  local accepted = c.paid_on <= c.due_date
    or (c.payer_type ~= "employer" and c.due_date >= e_start and (deadline == nil or c.paid_on <= deadline))
  out[18], out[19] = deadline, accepted
  out[20] = accepted and c.paid_on > c.due_date

  -- 六.1
  local received = c.appraisal_received_on
  local normal_end = received + 60
  local from = max(received + 1, c.onsite_suspension_start)
  local stopped = 0
  if from <= c.level1_end and from <= normal_end then stopped = c.level1_end - from + 1 end
  out[21] = roll(normal_end + stopped)

  -- 六.2
  local app_deadline = c.appraisal_statutory_deadline
  if c.appraisal_affected_by_epidemic then app_deadline = max(app_deadline, roll(c.level1_end + 15)) end
  out[22] = app_deadline

  -- 六.3
  local app = nil
  local l1 = c.level1_end
  local d = c.appraisal_phone_on
  if d ~= nil and e_start <= d and d <= l1 then app = d end
  d = c.appraisal_postmark_on
  if d ~= nil and e_start <= d and d <= l1 and (app == nil or d < app) then app = d end
  d = c.appraisal_online_on
  if d ~= nil and e_start <= d and d <= l1 and (app == nil or d < app) then app = d end
  if app == nil then app = c.appraisal_window_on end
  out[23] = app
  if app == nil then out[24] = nil else out[24] = app <= app_deadline end
end
