#!/usr/bin/env python3
"""Reference cases for the value modules (runtime/value/date.*, runtime/value/decimal.*).

Takes: --kind calendar|decimal, --count N, --seed S.
Produces: on stdout, N random cases, one per line, tab-separated: an operation name, its
arguments, and the result expected from Python's own datetime / decimal modules (or an
"error..." marker), then a final line "end<TAB>N" so that a truncated run cannot pass.
reference_check.cpp reads these lines and recomputes each with the C++ functions.

Only the standard library is used. Month-end clamping (PRC Civil Code art. 202) is built from
calendar.monthrange; money results come from decimal with a 500-digit context and explicit
quantize/rounding modes, which is far more than any exact 38-digit operand pair needs.
"""
import argparse
import calendar
import datetime
import decimal
import random
import re
import sys

# ---- shared limits (mirroring the C++ contract, not its code) ----

MAX_ORDINAL = datetime.date(9999, 12, 31).toordinal()
MIN_MONTH = 1 * 12          # 0001-01
MAX_MONTH = 9999 * 12 + 11  # 9999-12
INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1
MAX_SCALE = 38
MAX_MANT = 10 ** 38 - 1

MODES = {
    "half_up": decimal.ROUND_HALF_UP,
    "half_even": decimal.ROUND_HALF_EVEN,
    "down": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
}

DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MONTH_RE = re.compile(r"[0-9]{4}-[0-9]{2}")
NUMBER_RE = re.compile(r"(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?")


def emit(*fields):
    print("\t".join(str(f) for f in fields))


# ---- calendar: text forms and the Python-side truth ----

def iso(d):
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def month_text(total):
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def month_total(d):
    return d.year * 12 + d.month - 1


def shift_months(d, n):
    """Same day-of-month n months away, clamped to that month's last day; None if outside."""
    total = month_total(d) + n
    year, month = total // 12, total % 12 + 1
    if not 1 <= year <= 9999:
        return None
    return datetime.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_days_truth(d, n):
    ordinal = d.toordinal() + n
    return iso(datetime.date.fromordinal(ordinal)) if 1 <= ordinal <= MAX_ORDINAL else "error"


def months_truth(d, n):
    r = shift_months(d, n)
    return iso(r) if r else "error"


def parse_date_truth(text):
    if not DATE_RE.fullmatch(text):
        return "error"
    y, m, d = int(text[0:4]), int(text[5:7]), int(text[8:10])
    try:
        return iso(datetime.date(y, m, d)) if y >= 1 else "error"
    except ValueError:
        return "error"


def parse_month_truth(text):
    if not MONTH_RE.fullmatch(text):
        return "error"
    y, m = int(text[0:4]), int(text[5:7])
    return f"{y:04d}-{m:02d}" if y >= 1 and 1 <= m <= 12 else "error"


# ---- calendar: random inputs ----

def random_date(rng):
    """Mostly uniform, with heavy weight on the days where calendar bugs live."""
    pick = rng.random()
    if pick < 0.5:
        return datetime.date.fromordinal(rng.randint(1, MAX_ORDINAL))
    year = rng.choice([1, 2, 4, 99, 100, 400, 1600, 1900, 2000, 2100, 9998, 9999,
                       rng.randint(1, 9999), rng.randint(1, 9999)])
    month = rng.choice([1, 2, 2, 2, 3, 12, rng.randint(1, 12)])
    last = calendar.monthrange(year, month)[1]
    day = rng.choice([1, 28, 29, 30, 31, last, last, rng.randint(1, last)])
    return datetime.date(year, month, min(day, last))


def random_offset(rng, small, span):
    """An int64 offset: small, within the representable span, at its edges, or huge."""
    pick = rng.random()
    if pick < 0.35:
        return rng.randint(-small, small)
    if pick < 0.75:
        return rng.randint(-span, span)
    if pick < 0.85:
        return rng.choice([span, span + 1, -span, -span - 1, span - 1, 1 - span])
    if pick < 0.95:
        return rng.randint(INT64_MIN, INT64_MAX)
    return rng.choice([INT64_MIN, INT64_MAX, INT64_MIN + 1, INT64_MAX - 1, INT64_MAX // 12,
                       INT64_MIN // 12, INT64_MAX // 12 + 1, 1 << 31, -(1 << 31), 1 << 32])


def random_month(rng):
    if rng.random() < 0.2:
        return rng.choice([MIN_MONTH, MAX_MONTH, MIN_MONTH + 1, MAX_MONTH - 1])
    return rng.randint(MIN_MONTH, MAX_MONTH)


def mutate(rng, text, alphabet):
    """Deletes, inserts or replaces one character, to make near-miss strings."""
    pos = rng.randint(0, len(text))
    op = rng.randint(0, 2)
    ch = rng.choice(alphabet)
    if op == 0 and text:
        pos = min(pos, len(text) - 1)
        return text[:pos] + text[pos + 1:]
    if op == 1:
        return text[:pos] + ch + text[pos:]
    pos = min(pos, len(text) - 1) if text else 0
    return text[:pos] + ch + text[pos + 1:]


DATE_NOISE = "0123456789-/ +T:aZ._" + "\u0663\uff12\u00e9"


def random_date_text(rng):
    pick = rng.random()
    if pick < 0.3:
        return iso(random_date(rng))
    if pick < 0.6:  # right shape, possibly impossible values
        return (f"{rng.randint(0, 9999):04d}-{rng.randint(0, 19):02d}-"
                f"{rng.randint(0, 39):02d}")
    if pick < 0.7:  # 29 February in any year
        return f"{rng.randint(0, 9999):04d}-02-29"
    return mutate(rng, iso(random_date(rng)), DATE_NOISE)


def random_month_text(rng):
    pick = rng.random()
    if pick < 0.4:
        return month_text(random_month(rng))
    if pick < 0.7:
        return f"{rng.randint(0, 9999):04d}-{rng.randint(0, 19):02d}"
    return mutate(rng, month_text(random_month(rng)), DATE_NOISE)


def calendar_case(rng):
    op = rng.choice(["day_number", "ymd_of", "add_days", "add_days", "add_months", "add_months",
                     "add_years", "add_month_count", "months_between", "month_of", "first_day",
                     "last_day", "weekday", "parse_date", "parse_date", "parse_month"])
    d = random_date(rng)
    if op == "day_number":
        emit(op, iso(d), d.toordinal() - 1)
    elif op == "ymd_of":
        emit(op, d.toordinal() - 1, iso(d))
    elif op == "add_days":
        n = random_offset(rng, 400, MAX_ORDINAL)
        emit(op, iso(d), n, add_days_truth(d, n))
    elif op == "add_months":
        n = random_offset(rng, 40, MAX_MONTH - MIN_MONTH)
        emit(op, iso(d), n, months_truth(d, n))
    elif op == "add_years":
        n = random_offset(rng, 12, 9998)
        emit(op, iso(d), n, months_truth(d, 12 * n))
    elif op == "add_month_count":
        m, n = random_month(rng), random_offset(rng, 40, MAX_MONTH - MIN_MONTH)
        inside = MIN_MONTH <= m + n <= MAX_MONTH
        emit(op, month_text(m), n, month_text(m + n) if inside else "error")
    elif op == "months_between":
        a, b = random_month(rng), random_month(rng)
        emit(op, month_text(a), month_text(b), b - a)
    elif op == "month_of":
        emit(op, iso(d), f"{d.year:04d}-{d.month:02d}")
    elif op in ("first_day", "last_day"):
        m = random_month(rng)
        y, mo = m // 12, m % 12 + 1
        day = 1 if op == "first_day" else calendar.monthrange(y, mo)[1]
        emit(op, month_text(m), iso(datetime.date(y, mo, day)))
    elif op == "weekday":
        emit(op, iso(d), d.isoweekday())
    elif op == "parse_date":
        t = random_date_text(rng)
        emit(op, t, parse_date_truth(t))
    else:
        t = random_month_text(rng)
        emit(op, t, parse_month_truth(t))


# ---- decimal: values as (mantissa, scale) with Python Decimal as the arithmetic ----

def text_of(mant, scale):
    """The exact text at the value's own scale, e.g. (-50, 2) -> '-0.50'."""
    digits = str(abs(mant)).rjust(scale + 1, "0")
    body = digits if scale == 0 else digits[:-scale] + "." + digits[-scale:]
    return ("-" if mant < 0 else "") + body


def as_decimal(mant, scale):
    return decimal.Decimal(mant).scaleb(-scale)


def mantissa_at(value, scale):
    """value * 10^scale as an int if that is exact, else None."""
    m = value.scaleb(scale)
    return int(m) if m == m.to_integral_value() else None


def fitted(value, scale):
    """Expected text for an exact value held at `scale`, or the overflow marker."""
    m = mantissa_at(value, scale)
    return text_of(m, scale) if m is not None and abs(m) <= MAX_MANT else "error:overflow"


def mul_truth(a, b):
    """Exact product at a.scale+b.scale, dropping fraction zeros only as far as needed."""
    value = as_decimal(*a) * as_decimal(*b)
    for scale in range(min(a[1] + b[1], MAX_SCALE), -1, -1):
        m = mantissa_at(value, scale)
        if m is None:
            return "error:overflow"  # fewer places cannot be exact either
        if abs(m) <= MAX_MANT:
            return text_of(m, scale)
    return "error:overflow"


def quantized(value, places, mode):
    q = value.quantize(decimal.Decimal(1).scaleb(-places), rounding=MODES[mode])
    return fitted(q, places)


def div_truth(a, b, places, mode):
    if not 0 <= places <= MAX_SCALE:
        return "error:places"
    if b[0] == 0:
        return "error:div0"
    # Truncating to 500 digits cannot move a quotient of 38-digit operands across a rounding
    # boundary: its distance from any boundary is at least 10^-115 unless it is exact.
    with decimal.localcontext() as ctx:
        ctx.rounding = decimal.ROUND_DOWN
        value = as_decimal(*a) / as_decimal(*b)
    return quantized(value, places, mode)


def round_truth(a, places, mode):
    if not 0 <= places <= MAX_SCALE:
        return "error:places"
    return quantized(as_decimal(*a), places, mode)


def parse_truth(text):
    """Integer-only reading of the JSON grammar; cross-checked against decimal when feasible."""
    match = NUMBER_RE.fullmatch(text)
    if not match:
        return "error"
    sign, whole, frac, exp = match.group(1), match.group(2), match.group(3) or "", match.group(4)
    digits, exponent = int(whole + frac), int(exp or "0")
    scale = len(frac) - exponent
    if abs(exponent) < 10 ** 6:
        assert decimal.Decimal(text) == decimal.Decimal(-digits if sign else digits).scaleb(-scale)
    if scale > MAX_SCALE:
        return "error"
    if scale < 0:
        if digits == 0:
            return "0"
        if -scale > MAX_SCALE:
            return "error"
        digits, scale = digits * 10 ** -scale, 0
    if digits > MAX_MANT:
        return "error"
    return text_of(-digits if sign else digits, scale)


# ---- decimal: random inputs ----

def random_mantissa(rng):
    pick = rng.random()
    if pick < 0.05:
        return 0
    if pick < 0.1:
        return MAX_MANT
    if pick < 0.55:
        n = rng.randint(1, 10)
    elif pick < 0.9:
        n = rng.randint(1, 38)
    else:
        n = rng.randint(36, 38)
    m = rng.randint(10 ** (n - 1), 10 ** n - 1)
    if rng.random() < 0.2:  # trailing zeros, which mul may strip
        k = rng.randint(1, n)
        m = m // 10 ** k * 10 ** k
    return m


def random_scale(rng):
    pick = rng.random()
    if pick < 0.5:
        return rng.randint(0, 4)
    if pick < 0.9:
        return rng.randint(0, 38)
    return rng.choice([36, 37, 38])


def random_value(rng):
    m = random_mantissa(rng)
    return (-m if rng.random() < 0.4 else m, random_scale(rng))


def random_places(rng):
    pick = rng.random()
    if pick < 0.04:
        return rng.choice([-1, 39, 40, -1000, 1000])
    if pick < 0.6:
        return rng.randint(0, 6)
    return rng.randint(0, 38)


def tie_value(rng, places):
    """A value whose first dropped digit is 5 followed by zeros: a rounding tie."""
    scale = min(MAX_SCALE, places + rng.randint(1, 3))
    kept = rng.randint(0, 10 ** rng.randint(1, 12))
    m = kept * 10 ** (scale - places) + 5 * 10 ** (scale - places - 1)
    if rng.random() < 0.3:
        m += rng.choice([-1, 1])  # a near-tie instead
    return (-m if rng.random() < 0.5 else m, scale)


def divisor_for_tie(rng):
    return (rng.choice([1, 2, 4, 8, 16, 5, 20, 40, 25, 125, 3, 7]) * rng.choice([1, -1]),
            rng.choice([0, 0, 1, 2]))


NUMBER_NOISE = "0123456789.-+eE _,xn"


def random_number_text(rng):
    pick = rng.random()
    if pick < 0.35:
        return text_of(*random_value(rng))
    if pick < 0.6:  # exponent forms, leading-zero exponents, zero with exponents
        m, s = random_value(rng)
        e = rng.choice([rng.randint(-45, 45), rng.randint(-3, 3), 0])
        sign = rng.choice(["", "+", "-"]) if e >= 0 else "-"
        return f"{text_of(m, s)}{rng.choice('eE')}{sign}{'0' * rng.randint(0, 2)}{abs(e)}"
    if pick < 0.7:  # around the 38-digit / scale-38 edges
        n = rng.randint(36, 41)
        body = "".join(rng.choice("0123456789") for _ in range(n)).lstrip("0") or "0"
        point = rng.randint(0, len(body))
        text = body if point == 0 else ("0" + "." + body if point == len(body) else
                                        body[:point] + "." + body[point:])
        return ("-" if rng.random() < 0.3 else "") + text
    if pick < 0.75:  # huge exponents must be refused (or give zero) quickly
        return rng.choice(["1", "0", "-2.5", "0.000"]) + "e" + rng.choice(["", "-", "+"]) + \
            str(rng.randint(10 ** 18, 10 ** 40))
    if pick < 0.8:
        return rng.choice(["+1", "1.", ".5", "", "-", "--1", "1e", "1e+", "NaN", "inf",
                           "-Infinity", " 1", "1 ", "01", "-01", "00.5", "1.2.3", "0x1F",
                           "1_0", "-0", "0", "-0.0", "1E5", "1e-0"])
    return mutate(rng, text_of(*random_value(rng)), NUMBER_NOISE)


def decimal_case(rng):
    op = rng.choice(["add", "sub", "mul", "mul", "div", "div", "round", "round", "fixed", "cmp",
                     "neg", "parse", "parse"])
    a, b = random_value(rng), random_value(rng)
    if op in ("add", "sub"):
        value = as_decimal(*a) + as_decimal(*b) if op == "add" else as_decimal(*a) - as_decimal(*b)
        emit(op, text_of(*a), text_of(*b), fitted(value, max(a[1], b[1])))
    elif op == "mul":
        emit(op, text_of(*a), text_of(*b), mul_truth(a, b))
    elif op == "div":
        places, mode = random_places(rng), rng.choice(list(MODES))
        if rng.random() < 0.3:  # a = t * b, so the quotient is exactly the (near-)tie t
            t, b = tie_value(rng, max(0, min(places, 30))), divisor_for_tie(rng)
            a = (t[0] * b[0], t[1] + b[1])
        elif rng.random() < 0.05:
            b = (0, rng.randint(0, 5))
        emit(op, text_of(*a), text_of(*b), places, mode, div_truth(a, b, places, mode))
    elif op in ("round", "fixed"):
        places, mode = random_places(rng), rng.choice(list(MODES))
        if rng.random() < 0.4 and 0 <= places < MAX_SCALE:
            a = tie_value(rng, places)
        expected = round_truth(a, places, mode)
        if op == "fixed" and 0 <= places <= MAX_SCALE and places >= a[1]:
            # Padding is written as text: exact even past 38 digits, never an error.
            expected = text_of(a[0], a[1]) + ("." if a[1] == 0 and places > 0 else "") + "0" * (places - a[1])
        elif op == "fixed" and expected.startswith("error"):
            expected = "error"
        emit(op, text_of(*a), places, mode, expected)
    elif op == "cmp":
        if rng.random() < 0.3:  # the same value at another scale
            k = rng.randint(0, MAX_SCALE - a[1])
            b = (a[0] * 10 ** k, a[1] + k) if abs(a[0] * 10 ** k) <= MAX_MANT else b
        da, db = as_decimal(*a), as_decimal(*b)
        emit(op, text_of(*a), text_of(*b), (da > db) - (da < db))
    elif op == "neg":
        emit(op, text_of(*a), text_of(-a[0], a[1]))
    else:
        t = random_number_text(rng)
        emit(op, t, parse_truth(t))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=["calendar", "decimal"], required=True)
    parser.add_argument("--count", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    decimal.getcontext().prec = 500
    decimal.getcontext().Emax = decimal.MAX_EMAX
    decimal.getcontext().Emin = decimal.MIN_EMIN
    rng = random.Random(args.seed)
    make_case = calendar_case if args.kind == "calendar" else decimal_case
    for _ in range(args.count):
        make_case(rng)
    emit("end", args.count)


if __name__ == "__main__":
    main()
