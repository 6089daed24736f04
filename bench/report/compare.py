"""Checks that a report API answer (JSON file) has the same rows as psql output (-At, '|'-separated).

    python3 compare.py answer.json psql-rows.txt label
Numbers compare by value (1234.50 equals 1234.5); exits 1 and prints both sides when they differ.
"""
import json
import sys
from decimal import Decimal, InvalidOperation


def cell(v):
    if v is None or v == "":
        return None
    try:
        return Decimal(str(v)).normalize()
    except InvalidOperation:
        return str(v)


api = [[cell(v) for v in row] for row in json.load(open(sys.argv[1]))["rows"]]
sql = [[cell(v) for v in line.split("|")] for line in open(sys.argv[2]).read().splitlines() if line]
if api != sql:
    print(f"{sys.argv[3]}: the report API and the SQL differ", file=sys.stderr)
    print("API:", api, file=sys.stderr)
    print("SQL:", sql, file=sys.stderr)
    sys.exit(1)
print(f"{sys.argv[3]}_rows_equal={len(api)}")
