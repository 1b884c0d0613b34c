"""Allocating organisation numbers the way the register hands them out.

Numbers are issued roughly in sequence, so the leading digits tell the era: units from
the 2000s start 98x-99x, numbering wrapped to 91x in 2013 and reached about 93x by
2024 (approximate, from browsing the public register). The check digit is the
register's modulus-11 digit (aksjon.core.orgnr).
"""
from __future__ import annotations

import random

from aksjon.core.orgnr import make_orgnr

# year: (lowest, highest) three leading digits
ERA = {2008: (992, 994), 2009: (994, 994), 2010: (995, 995), 2011: (996, 997), 2012: (998, 999),
       2013: (911, 912), 2014: (913, 914), 2015: (915, 916), 2016: (917, 917), 2017: (918, 919),
       2018: (920, 921), 2019: (922, 923), 2020: (924, 925), 2021: (926, 927), 2022: (928, 929),
       2023: (930, 931), 2024: (932, 932)}
BEFORE_2008 = (971, 991)


class OrgnrAllocator:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.taken: set[str] = set()

    def new(self, year: int) -> str:
        low, high = ERA.get(year, BEFORE_2008 if year < 2008 else ERA[2024])
        while True:
            first8 = str(self.rng.randint(low * 100000, high * 100000 + 99999))
            number = make_orgnr(first8)
            if number and number not in self.taken:
                self.taken.add(number)
                return number
