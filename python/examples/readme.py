import edict
policy = edict.Policy("policies/fujian/2020-14")
case = {"birth_date": "1960-01-10", "sex": "male", "scheme": "enterprise_employee"}
print(policy.evaluate(case, outputs=["retirement_date", "pension_start_month"]))
print(policy.evaluate_many([case, dict(case, sex="other")], ["retirement_date"]).iloc[:, :2])
# prints:
# {'retirement_date': datetime.date(2020, 1, 10), 'pension_start_month': '2020-02'}
#   retirement_date                                              error
# 0      2020-01-10                                               None
# 1             NaT  input `sex` is wrong: "other" is not one of: m...
