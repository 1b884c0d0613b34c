"""Every number the scenario generator uses, with its source or the reasoning behind it.

Sources are cited by section of shared/domain/reference.md ("ref 5.7") or named.
Where no source exists the value is an assumption and says so; docs/synth.md
repeats this table for readers who do not read code.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# --- Calendar -----------------------------------------------------------------------
# The police action week was week 11 of 2024 (ref 5.7, politiet.no 20 Mar 2024).
ACTION_WEEK_START = date(2024, 3, 11)
ACTION_WEEK_END = date(2024, 3, 17)
OPERATION_NAME = "Aksjonsuke 11 2024"
# Every scale ends its observations on the last day of the action week.
PERIOD_END = ACTION_WEEK_END
# Staff rosters are simulated from this date, so rosters (and thus the week's persons
# met) are the same at week and national scale for one seed. Two years before the
# action week covers the earlier inspections.
STAFFING_START = date(2022, 1, 1)

# --- Norwegian landscape ------------------------------------------------------------------
# Venues (physical salons). Chosen so that the register comes out at about 850
# massage-coded units: NRK Brennpunkt (Dec 2022) counted 851 Thai-massage firms in
# Brønnøysund (ref 5.7). One venue yields 1.9 units on average (main unit, sub-unit
# for AS/NUF, deleted predecessors, masseuses' own sole proprietorships).
VENUE_COUNT = 450
TARGET_MASSAGE_UNITS = 850          # NRK 2022, ref 5.7; the tests hold the register to ±12 %
# "A few networks" (brief). NRK found 300+ women rotating among at least 80 salons
# (ref 5.7): six networks of 9..17 venues give about 78 network venues.
NETWORK_COUNT = 6
NETWORK_SIZE_RANGE = (9, 17)
NETWORK_DISTRICTS_RANGE = (2, 4)    # "several venues across districts" (brief; NRK 80+ salons in many towns)
# National share of venues where sex is sold. Bergen ~75 % (NRK, hidden-camera sample of
# suspected salons) and Sweden ~80 % (NOA pilot in the two largest regions, ref 6) are
# big-city, suspicion-led samples; the register also holds ordinary therapists in
# small towns. We take 40 %: network venues (~17 %) plus independent sellers (~23 %),
# so that most salons stay legitimate (brief).
SEX_SELLING_SHARE = 0.40

# Legal forms (assumption: Thai massage in Norway is mostly sole proprietorships run by
# the owner-masseuse; networks prefer limited companies and foreign NUFs, ref 7 Polaris
# "shell companies hide owners").
LEGAL_FORMS = {
    "legit": {"ENK": 0.64, "AS": 0.27, "NUF": 0.03, "ANS": 0.04, "DA": 0.02},
    "independent": {"ENK": 0.60, "AS": 0.30, "NUF": 0.06, "ANS": 0.04},
    "network": {"ENK": 0.45, "AS": 0.40, "NUF": 0.15},
}
# Share of venues whose unit was deleted and re-registered under a new number
# (assumption; "phoenix" re-registration is a known shell-company pattern, ref 7).
RE_REGISTRATION_SHARE = {"legit": 0.10, "independent": 0.18, "network": 0.45}
KONKURS_SHARE_OF_DELETED = 0.30     # assumption: a third of deletions follow bankruptcy
UNDER_AVVIKLING_SHARE = 0.02        # assumption
# Industry codes: most massage firms use 96.040, some 86.909 (formats README 1).
INDUSTRY_CODES = {"96.040": 0.82, "86.909": 0.18}
# Share of long-term staff at legit/independent venues who run their own sole
# proprietorship ("selvstendig masør"; assumption).
WORKER_ENK_SHARE = 0.12
LOCAL_ACCOUNTANTS_PER_DISTRICT = (2, 4)  # assumption: a few accounting firms serve the salons of a district
HOLDINGS_PER_NETWORK = (1, 2)            # holding companies chair the network's AS boards (brief)
FRONT_PERSONS_PER_NETWORK = (3, 6)       # each fronts several units over time (brief; Polaris ref 7)
SHARED_PHONES_PER_NETWORK = (3, 6)       # booking phones shared across the network's venues (NRK ref 5.7)

# Opening years: the number of Thai-massage firms grew through the 2010s (assumption from NRK's
# 851 firms in 2022); networks appear in the register from 2013 on.
OPENED_FIRST_YEAR = {"legit": 2008, "independent": 2010, "network": 2013}
# Price of 60 minutes, in steps of 50 kr: 650-900 at ordinary salons, lower where sex is sold
# ("below-market prices", ref 7 red flags).
PRICE_FIFTIES = {"legit": (13, 18), "independent": (10, 14), "network": (10, 13)}
VAT_SHARE = {"legit": 0.75, "independent": 0.6, "network": 0.4}   # registered for VAT (assumption)

# --- Hostile register shapes (issue 10) --------------------------------------------------
# A sole proprietorship needs an establishment unit (BEDR) only once it has employees
# (Enhetsregisteret registers "underenhet" for activity with employees); a one-woman ENK
# usually has none, and its main unit at its business address is then the salon. Share of
# ENK/ANS/DA registrations that still have a BEDR: assumption.
ENK_SUB_UNIT_SHARE = 0.20
# An ENK without a BEDR gives the salon as its business address; the rest give the owner's
# home (assumption). Companies and ENKs with a BEDR give another address more often: the
# owner's home, the accountant's office (c/o) — assumption.
ENK_AT_VENUE_ADDRESS = 0.90
MAIN_ELSEWHERE = 0.35
# Legitimate chains: one company (AS) running several salons, each its own BEDR at its own
# address ("one company can run several salons, each its own sub-unit"; Enhetsregisteret).
# Number and size are assumptions; the first chain is four salons in one town (issue 10).
LEGIT_CHAINS = (4, 7)
CHAIN_SIZE = (2, 4)
CHAIN_SHARED_BRAND = 0.7            # the chain's salons share one name (brand), each with its own address
CHAIN_SHARED_PHONE = 0.3            # ... and a central booking phone (a legitimate confounder of networks)
# Networks: a share of networks run a group of 2-3 of their venues through one AS (assumption).
NETWORK_CHAIN_SHARE = 0.6
NETWORK_CHAIN_SIZE = (2, 3)
# Re-registration: the new unit comes within weeks or months of the old one's deletion (or a
# few weeks before it), at the same address, same industry; it often takes a new name, and at
# ordinary salons it is sometimes a takeover by a new owner (assumption; phoenix pattern, ref 7).
RE_REGISTRATION_GAP_DAYS = (-20, 150)
RE_REGISTRATION_NEW_NAME = 0.6
RE_REGISTRATION_TAKEOVER = 0.35
# Two live, unrelated units at one address: a salon shares its building with a hairdresser,
# a beauty or nail studio, a Thai restaurant or an Asian grocery (assumption: salons sit in
# mixed commercial buildings; a Thai restaurant next door is a deliberate look-alike).
NEIGHBOUR_SHARE = 0.15
NEIGHBOUR_INDUSTRIES = {"96.021": 0.40, "96.022": 0.25, "56.101": 0.20, "47.111": 0.15}
# Hub firms: besides the district firms, national accountancy firms that serve salons in every
# district (NRK found accountants with many Thai-massage clients; assumption for the number),
# and authorised accountants and auditors who hold the REGN/REVI role as persons.
NATIONAL_ACCOUNTANTS = 2
NATIONAL_ACCOUNTANT_SHARE = 0.30    # of ordinary clients that use a national hub firm
PERSON_ACCOUNTANTS = 5              # persons holding REGN roles (two of them namesakes 15 years apart)
PERSON_ACCOUNTANT_SHARE = 0.45      # of district clients served by a person accountant
PERSON_ACCOUNTANT_DISTRICTS = 3     # a person accountant serves a region of three districts
PERSON_AUDITORS = 2
AUDITED_AS_SHARE = 0.30             # an AS that chose to have an auditor (small AS may opt out since 2011)
# Owners' own holding companies as board chair of their AS (common Norwegian tax structure; assumption).
OWNER_HOLDING_SHARE = 0.15

# --- Hostile person shapes ---------------------------------------------------------------
# Namesakes: a new person takes the exact name of an earlier one (different person, births at
# least 3 years apart) or a near-name (same family name, a given name sharing its ending,
# born 2-10 months from the other: cousins, or chance). Common names make namesakes real:
# Norwegian names are drawn with Zipf weights (the lists are in frequency order, SSB).
NAMESAKE_SHARE = {"TH": 0.04, "NO": 0.06}
NEAR_NAMESAKE_SHARE = {"TH": 0.04, "NO": 0.0}
NORWEGIAN_NAME_ZIPF = 0.8
NORWEGIAN_MIDDLE_NAME_SHARE = 0.35  # a second given name (SSB: double given names are common)
MIDDLE_NAME_DROPPED = 0.35          # a record gives only the first given name
MIDDLE_NAME_JOINED = 0.35           # a record puts the second given name in the first-name field
# How a record writes a married Thai woman's names (register; controls use the same forms
# joined into given/family name): Thai surname as middle name, married name only, Thai surname
# joined to the given name, double-barrelled surname, or the maiden name (a unit registered before
# the marriage). Assumption, after the formats README's "Thai surname as mellomnavn".
MARRIED_NAME_FORMS = {"middle": 0.40, "married_only": 0.25, "given_joined": 0.10, "double": 0.10, "maiden": 0.15}
# A variant spelling is, this often, made by a romanisation rule (ph/p, th/t, ch/j, kh/k,
# oo/u, ee/i, w/v, ai/ay, doubled letters) rather than taken from the listed spellings.
ROMANISATION_RULE_SHARE = 0.35
SURNAME_SPLIT_RATE = {"register": 0.05, "control": 0.12}   # "Rattana-chum", "Som Sri"
CONTROL_UPPERCASE_RATE = 0.15       # names copied from a passport's machine-readable zone
# Birth dates: missing in role data (foreign holders registered without a national identity
# number; assumption) and day and month swapped (MM/DD read as DD/MM; assumption).
ROLE_BIRTH_DATE_MISSING = 0.05
BIRTH_DATE_SWAPPED = {"register": 0.02, "control": 0.05}

# --- Hostile phones ----------------------------------------------------------------------
# Norwegian 8-digit numbers in series the phonenumbers library does not list as assigned
# (42, 43, 44, 49: possible, not known assigned; the library's lists lag behind Nkom's
# allocations), and foreign numbers: women recently arrived keep a Thai (+66) number,
# networks rotating between NO, SE and DK use Swedish and Danish phones (NOA, ref 6).
UNLISTED_PREFIXES = ("42", "43", "44", "49")
UNLISTED_PHONE_SHARE = 0.06
THAI_PHONE_SHARE = {"network_worker": 0.25, "worker": 0.05}
NETWORK_FOREIGN_PHONE_SHARE = 0.20  # a shared booking phone that is Swedish or Danish

# --- Staff -------------------------------------------------------------------------------
SLOTS = {"legit": (1, 3), "independent": (2, 3), "network": (3, 4)}   # masseuses at work at once (assumption)
# Mean tenure at one venue in days: legitimate staff is stable (brief), independent
# sellers change about yearly (assumption).
TENURE_DAYS = {"legit": 1500, "independent": 330}
# Network rotation: "every few weeks" (brief; NRK "rotate among 80+ salons"; NOA
# "rotate between salons and between DK, NO and SE", ref 5.7 and 6).
STINT_DAYS = (14, 42)
BREAK_SHARE = 0.25                  # after a stint, a quarter go home or abroad for a while (assumption)
BREAK_DAYS = (14, 90)
NETWORK_POOL_FACTOR = 1.3           # 300+ women for 80+ salons of ~3 slots (NRK): pool = 1.3 x slots
NETWORK_ATTRITION_PER_STINT = 0.04  # a worker leaves the network for good (assumption)
OWNER_WORKS_SHARE = 0.85            # the ENK owner is herself one of the masseuses (assumption)
OTHER_TOWN_PREFERENCE = 0.85        # a rotated woman is sent to another town when one has a free slot
# Ages (years, at 2024): women rotated by networks are younger (their escort ads, NRK 2022).
AGE_RANGE = {"worker": (21, 52), "network_worker": (20, 38), "owner": (32, 62), "front": (28, 60),
             "controller": (35, 62), "partner": (45, 75), "escort": (22, 42), "accountant": (30, 65),
             "auditor": (32, 66)}
# Right to stay (assumption): skilled-worker permits are rare for masseuses (UNE 2022, ref 5.2);
# network workers are mostly visitors or hold a permit from another Schengen state.
RESIDENCE = {
    "legit": {"skilled_permit": 0.45, "permanent": 0.30, "other_schengen": 0.15, "visitor": 0.10},
    "independent": {"skilled_permit": 0.35, "permanent": 0.25, "other_schengen": 0.25, "visitor": 0.15},
    "network": {"skilled_permit": 0.15, "permanent": 0.10, "other_schengen": 0.35, "visitor": 0.40},
}

# Exploitative venues (issue 11): trafficking or forced labour happens there — not the
# voluntary sale of sex, which is legal to the seller. Fixed before any tuning (docs/synth.md,
# "Exploitative venues and decoys"). Every network venue is exploitative (controlled, rotated
# women: the NRK 2022 pattern and the Polaris typology, ref 7). Of independent venues, where
# sex is sold without outside control, a share have a manager who controls the women
# (assumption: 12 %); of ordinary salons a few use forced labour by the owner — no contract,
# excess hours, withheld wages, living on the premises (assumption: 3 %, after the labour
# exploitation cases Arbeidstilsynet describes in the sector, ref 5.2, and the Tromsø case).
EXPLOITATIVE_SHARE = {"legit": 0.03, "independent": 0.12, "network": 1.0}
# The national share is held under this (so that a ranking target of 80 % exploitative among
# the top 50 can fail, and 3 x a random 50 stays meaningful): if networks are drawn large, fewer
# ordinary and then independent venues are made exploitative.
EXPLOITATIVE_SHARE_CAP = 0.24
# Exploitation of a worker, given she works at an exploitative venue of that type (no prevalence
# data exists; assumptions consistent with "victims exist but do not disclose", ref 5.7). At a
# venue that is not exploitative nobody is exploited: voluntary sale of sex is not exploitation.
EXPLOITATION = {
    "legit": {"none": 0.25, "labour": 0.75},
    "independent": {"none": 0.20, "sexual": 0.65, "labour": 0.15},
    "network": {"none": 0.25, "sexual": 0.63, "labour": 0.12},
}
# Conditions an exploitative venue has on top of its type's (share of such venues; assumption:
# the forced-labour pattern of ref 5.2/5.7 — no contract, long hours, living on the premises).
EXPLOITATIVE_CONDITIONS = {
    "legit": {"no_written_contract": 0.85, "excess_hours": 0.80, "living_on_premises": 0.50,
              "wage_below_permit_condition": 0.50, "cash_only_unrecorded": 0.40},
    "independent": {"no_written_contract": 0.80, "excess_hours": 0.70, "living_on_premises": 0.60,
                    "unregistered_worker": 0.40},
    "network": {},
}
# Which recruitment dimension (1 deceptive, 2 coercive, 3 abuse of vulnerability) a victim's
# story makes positive: deception and vulnerability dominate in the sector (Polaris, ref 7).
RECRUITMENT_DIMENSION = {1: 0.5, 3: 0.4, 2: 0.1}
# Indicators true of many migrants who are not exploited (economic reasons, language …).
BACKGROUND_INDICATORS = {"d3_economic_reasons": 0.4, "d6_economic_reasons": 0.4, "d3_abuse_lack_of_education": 0.5,
                         "d6_unknown_area": 0.2, "d3_family_situation": 0.2, "d6_family_situation": 0.2}
MARRIED_NORWEGIAN_SHARE = {"owner": 0.70, "worker": 0.25, "front": 0.55}  # assumption (marriage migration)

# Venue conditions (the truth behind inspection and control findings), share of
# venues of each type where the condition holds. Assumptions guided by ref 5.7
# (contract irregularities), ref 6 (blocked exits, unregistered masseuse) and ref 7.
CONDITIONS = {
    "legit": {"no_written_contract": 0.18, "excess_hours": 0.10, "hygiene": 0.04, "cash_only_unrecorded": 0.08},
    "independent": {"sexual_services_offered": 1.0, "no_written_contract": 0.45, "excess_hours": 0.35,
                    "cash_only_unrecorded": 0.40, "unregistered_worker": 0.20, "hygiene": 0.10,
                    "living_on_premises": 0.15, "wage_below_permit_condition": 0.15},
    "network": {"sexual_services_offered": 1.0, "no_written_contract": 0.75, "excess_hours": 0.65,
                "cash_only_unrecorded": 0.60, "unregistered_worker": 0.45, "living_on_premises": 0.60,
                "wage_below_permit_condition": 0.35, "no_work_permit": 0.20, "blocked_exit": 0.15,
                "hygiene": 0.20},
}

# --- Record noise ------------------------------------------------------------------------
# Share of person records spelt differently from the passport romanisation. Thai has no
# single romanisation (RTGS vs. common spellings: Siriporn/Siripon/Siriphon).
NAME_VARIANT_RATE = {"register": 0.15, "control": 0.35}
MARRIED_NAME_USE = 0.75             # a married woman gives her Norwegian surname (else her Thai one)
BIRTH_DATE_MISSING = {"documents": 0.08, "none": 0.70}  # control record without a birth date
ADDRESS_TYPO_RATE = 0.15            # share of written addresses with an abbreviation or typo (assumption)
VENUE_NAME_VARIANT_RATE = 0.30      # "Baan Sabai" vs "Ban Sabai Thai Massage" (assumption)

# --- Ads -----------------------------------------------------------------------------------
# Live ads per venue by type and category. With ~450 venues this gives 1,500-3,000 live
# ads at any time (formats README "Sizes to expect").
AD_SLOTS = {"legit": {"booking": 1, "massage": 1}, "independent": {"massage": 3}, "network": {"massage": 3}}
ESCORT_ADS_PER_STINT = (1, 3)       # a rotating worker posts on one to three escort sites (NRK: 1,451 escort ads)
AD_LIFETIME_DAYS = {"massage": (21, 90), "booking": (180, 720)}
AD_REPOST_GAP_DAYS = (0, 5)
# Crawl interval (days) per category: the collector revisits escort sites often.
CRAWL_DAYS = {"massage": (5, 9), "escort": (4, 8), "booking": (20, 40), "review": (7, 21)}
REVIEW_OBSERVATIONS = (1, 3)
REVIEWS_PER_WEEK = {"legit": 0.05, "independent": 0.5, "network": 0.9}   # RubMaps-style buyer reviews (ref 7)
PHONE_IN_AD = {"massage": 0.92, "escort": 0.97, "booking": 0.85, "review": 0.08}
AD_EDIT_RATE = 0.15                 # a re-observation shows a small edit (price, hours, "new girls")
IMAGES_PER_AD = (0, 4)
CRAWL_JITTER_MINUTES = 120          # the collector's visits wander a couple of hours
IMAGE_BIT_FLIPS = (0, 2)            # re-encoded photo: perceptual hash differs in a few bits
COMMON_TEMPLATE_SHARE = 0.20        # independent venues copying a widely used ad text (confounder)
# A writer's template carries a short Thai-script sentence (issue 11: Norwegian, English and Thai
# in one ad). Assumption: some Thai-run salons and some women greet Thai readers.
THAI_SENTENCE_SHARE = {"massage": 0.12, "escort": 0.15}

# --- Decoys (issue 11; docs/synth.md "Exploitative venues and decoys") ------------------------------
# Ad-writing services: a web or marketing firm writes the massage ads of unrelated salons in
# different towns from one template (assumption: two such services, 6-12 clients each).
AD_SERVICES = 2
AD_SERVICE_CLIENTS = (6, 12)
# Stock photos: a pool of stock pictures (massage stones, orchids, a smiling therapist) that
# unrelated ordinary and independent salons put in their ads (assumption: a quarter use 1-2).
STOCK_PHOTO_POOL = 20
STOCK_PHOTO_SHARE = 0.25
STOCK_PHOTOS_PER_VENUE = (1, 2)
# Independent escorts who travel: women who sell sex on their own (legal to the seller), not in
# a network and not exploited, touring 3-6 towns a year with their own phone, photos and text
# (assumption; "touring" is common in escort ads; some go to Stockholm or København).
TRAVELLING_ESCORTS = 30
ESCORT_TRIPS = (3, 6)
ESCORT_TRIP_DAYS = (3, 14)
ESCORT_ABROAD_SHARE = 0.30          # of travelling escorts, with 1-2 trips abroad
ESCORT_TRIPS_FROM = date(2023, 3, 18)   # trips fall in the last year before the week
# False tips: a tip about an ordinary salon that describes trafficking but is false (spite from a
# competitor, a neighbour's prejudice; assumption: 10 % of tips).
FALSE_TIP_SHARE = 0.10
# Exploitation leaves visible signs (living on premises, long hours) that neighbours and buyers
# report: a non-network exploitative venue draws this many times its type's tips (assumption).
TIP_EXPLOITATIVE_FACTOR = 2
POSTED_AT_SHOWN = 0.80

# --- Tips and inspections -------------------------------------------------------------------
TIP_CHANNELS = {"public": 0.55, "ngo": 0.15, "partner_agency": 0.15, "police": 0.15}  # assumption
TIP_VENUE_WEIGHT = {"legit": 1, "independent": 5, "network": 9}   # tips follow visible signs (assumption)
TIP_WITHOUT_VENUE = 0.10
TIP_STAFF_PHONE = 0.15              # a tip gives the number of a woman working there, not the salon's (assumption)
INSPECTION_AGENCIES = {"Arbeidstilsynet": 0.50, "Skatteetaten": 0.20, "Politiet": 0.14,
                       "Brannvesenet": 0.10, "Kommuneoverlegen": 0.06}   # joint inspections since ~2015 (ref 5.2)
INSPECTION_VENUE_WEIGHT = {"legit": 2, "independent": 4, "network": 6}
# Detection probability of a true condition by agency (assumption).
DETECTION = {
    "Arbeidstilsynet": {"no_written_contract": 0.8, "excess_hours": 0.5, "wage_below_permit_condition": 0.5,
                        "unregistered_worker": 0.5, "living_on_premises": 0.4, "hygiene": 0.3},
    "Skatteetaten": {"cash_only_unrecorded": 0.7, "unregistered_worker": 0.4},
    "Politiet": {"sexual_services_offered": 0.3, "no_work_permit": 0.7, "living_on_premises": 0.5,
                 "unregistered_worker": 0.3},
    "Brannvesenet": {"blocked_exit": 0.9, "living_on_premises": 0.6},
    "Kommuneoverlegen": {"hygiene": 0.8},
}

# --- Action week (ref 5.7) --------------------------------------------------------------------
ACTION_DISTRICTS = 9
CONTROLS_RANGE = (52, 58)           # "50+ salons"
PERSONS_RANGE = (60, 75)            # "60+ persons"
MIN_TOWNS = 16                      # "15+ cities"
PERSONS_PER_CONTROL = {0: 0.04, 1: 0.72, 2: 0.19, 3: 0.05}
CONTROL_SELECTION_WEIGHT = {"legit": 1, "independent": 6, "network": 10}  # chosen from police intelligence
CONTROL_WEEKDAY_WEIGHTS = (5, 6, 6, 6, 5, 2, 0)   # Monday .. Sunday: few controls at the weekend
CONTROL_VENUE_LEVEL_DETECTION = 0.45  # cash only, blocked exit, hygiene, living on premises seen at a visit
SEX_FINDING_DETECTION = 0.18        # "sex sold at several salons": seen at about one in six venues where it is
MIN_SEX_FINDINGS = 4
CONTROL_LABOUR_DETECTION = 0.55
MIN_LABOUR_FINDINGS = 5
# Indicator recording: of the true indicators few are seen or told (ref 5.7 outcome:
# "no possible victims identified yet"). Checklist items are asked often; others seldom.
ASKED_CHECKLIST = 0.55
ASKED_OTHER = 0.06
OBSERVED_IF_OBSERVABLE = 0.35
DISCLOSED_IF_ASKED = 0.08
# Vulnerabilities (HTCDS) a control records, given they are true; visible or easily told ones
# (migration status, language, poverty, housing) more often.
RECORDED_VULNERABILITY = {"migration": 0.7, "education": 0.6, "poverty": 0.4, "homelessness": 0.6,
                          "work_environment": 0.5}
RECORDED_VULNERABILITY_OTHER = 0.15
DOCUMENTS_SEEN = {"passport": 0.50, "residence_card": 0.30, "national_id": 0.05, "none": 0.15}
RIGHTS_INFORMATION_GIVEN = 0.85


# --- Scales -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scale:
    name: str
    ads_start: date
    tips: int
    inspections: int
    abroad: bool                    # add Swedish and Danish venues (ads only)


SCALES = {
    # Three weeks of ads before and through the action week: a few thousand observations.
    "week": Scale("week", date(2024, 2, 26), tips=40, inspections=60, abroad=False),
    # A year of ads: tens of thousands of observations (formats README); hundreds of tips.
    "national": Scale("national", date(2023, 3, 18), tips=300, inspections=250, abroad=False),
    # Two years across Norway, Sweden and Denmark: about 1.5 million observations.
    "europe": Scale("europe", date(2022, 3, 18), tips=300, inspections=250, abroad=True),
}
INSPECTIONS_START = date(2022, 3, 1)   # two years of earlier inspections before the week
TIPS_START = date(2023, 3, 1)          # a year of tips

# Abroad (europe scale only). NOA counted ~2,000 Thai-massage salons in Sweden, ~80 %
# also selling sex (ref 6). Denmark: no figure found; 500 venues is an assumption of
# roughly the Norwegian density.
ABROAD_VENUES = {"SE": 2000, "DK": 500}
ABROAD_SEX_SELLING_SHARE = 0.80     # NOA (ref 6)
ABROAD_NETWORK_SHARE = 0.20         # assumption: a quarter of sex-selling venues are network-run
ABROAD_NETWORK_SIZE_RANGE = (10, 30)

# --- Marginal statistics the output holds (tests/synth checks them with a tolerance) -----------
_MEAN_NETWORK_VENUES = NETWORK_COUNT * sum(NETWORK_SIZE_RANGE) / 2
_NO_DOCUMENTS = DOCUMENTS_SEEN["none"] * 0.75        # residence-card holders show their card half the time
EXPECTED = {
    "massage_units": TARGET_MASSAGE_UNITS,                           # ± 12 %
    "network_venue_share": _MEAN_NETWORK_VENUES / VENUE_COUNT,       # ≈ 0.17
    "sex_selling_share": SEX_SELLING_SHARE,                          # network + independent venues
    "mean_stint_days": sum(STINT_DAYS) / 2,                          # 28 days: rotation "every few weeks"
    # Moves to another town. Below OTHER_TOWN_PREFERENCE because an Oslo or Bergen network
    # holds several venues in one town, and a woman back from a break goes where a slot is free.
    "network_town_change_share": 0.65,              # 0.5-0.8 by seed, depending on where networks sit
    "name_variant_rate_register": NAME_VARIANT_RATE["register"],
    "name_variant_rate_control": NAME_VARIANT_RATE["control"],
    "birth_date_missing_control": _NO_DOCUMENTS * BIRTH_DATE_MISSING["none"]
    + (1 - _NO_DOCUMENTS) * BIRTH_DATE_MISSING["documents"],        # ≈ 0.15
    "ad_phone_share": PHONE_IN_AD,
    # Exploitative venues: networks (~0.17) + 12 % of independent (~0.23) + 3 % of legit (~0.60).
    "exploitative_venue_share": _MEAN_NETWORK_VENUES / VENUE_COUNT + EXPLOITATIVE_SHARE["independent"]
    * (SEX_SELLING_SHARE - _MEAN_NETWORK_VENUES / VENUE_COUNT)
    + EXPLOITATIVE_SHARE["legit"] * (1 - SEX_SELLING_SHARE),       # ≈ 0.22
    "re_registered_venue_share": sum(RE_REGISTRATION_SHARE[t] * w for t, w in
                                     (("legit", 0.6), ("independent", 0.22), ("network", 0.18))),  # ≈ 0.18
}
