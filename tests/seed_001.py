"""Seed 001 (the Hate Crime review's Progress Update of March 2020) as its
text has it, field by field, for building it as a Word file in its own
layout (tests/word_files.py, seed_layout). Each value is the seed's text,
its lines joined; test_import_word_seed.py checks each against the seed.

Two things the seed's text shows that its page did not: a page break put
1 f)'s second paragraph and its grade after Recommendation 3 (seed 000 has
them in 1 f), where they are here), and the words "using social media."
after 1 b)'s fourth strand's Agreed Action, which end the first strand's."""

from tests.word_files import Block, Paper

LABELS = (
    "Responsibility:",
    "Date:",
    "Agreed Action:",
    "Agreed Success Measure:",
    "Evidence of Progress\n(March 2020):",
    "Assessment of Progress\n(March 2020):\n(include explanation if required)",
)

DETAILS = (
    ("Review:", "Hate Crime"),
    ("Link Officer/s:", "Marc Stephenson"),
    ("Action Plan Agreed:", "March 2019"),
)

RECOMMENDATIONS = {
    1: "That the Stockton Hate Crime Group be recommended to incorporate the following actions into the Hate "
    "Crime Action Plan:",
    2: "That Stockton schools be encouraged to take advantage of the range of awareness raising and support packages "
    "available.",
    3: "That the Council continue to recognise and support the important work of Show Racism the Red Card.",
    4: "That a letter be sent to Stockton MPs to seek their support in calling for further research into how best to "
    "tackle online hate speech.",
}

SUB_ACTIONS = {
    "a": "targeted awareness raising and promotion of the support available for:",
    "b": "encouraging reporting through:",
    "c": "recruiting and developing capacity of community advocates",
    "d": "continuing to scrutinise hate crime incidents and their classifications",
    "e": "reviewing the impact of the Prejudice Driven Behaviour Policy and Trans-Inclusion Policy and Guidance for "
    "schools in 12 months",
    "f": "Continue to review the membership of the Stockton Hate Crime Group to ensure representation from all key "
    "stakeholders and groups",
}

STRANDS = {
    "a": (
        "Groups with protected characteristics (in particular disability, LGBT)",
        "Frontline staff",
        "Younger men",
        "Schools, Colleges and Universities",
    ),
    "b": (
        "Greater publicity for successful prosecutions",
        "The development of an on-line form, which would enable users to report hate crime from any location",
        "Reviewing the role and profile of Third Party Reporting Centres in conjunction with the Office of the "
        "Police and Crime Commissioner",
        "Working towards reducing the barriers to reporting",
    ),
}

# Each action table's block: (recommendation, letter), and its six label
# rows' values, one per strand, in LABELS' order.
RECORDS = {
    (1, ""): (
        ("Satnam Singh",),
        ("March 2019",),
        (
            "Proposed new recommendations from the hate crime scrutiny review at the next ‘Stockton Hate Crime’ "
            "meeting on the 27th March 2019.",
        ),
        ("Stockton hate crime action plan 2019-2020 to include key recommendations.",),
        (
            "The Stockton Hate Crime Action Plan 2019-2020 includes the key recommendations as outlined in the "
            "review of hate crime. These recommendations are now an active part of the hate crime operational and "
            "strategic groups.",
        ),
        ("1",),
    ),
    (1, "a"): (
        (
            "Satnam Singh",
            "All Stockton hate crime group members",
            "Tahir Ali / Louise Crisp",
            "Vanessa Housley\nDale Metcalfe\nAlex Love",
        ),
        ("April 2019", "August 2019", "August 2019", "September 2019"),
        (
            "Develop action plans relating directly to people with disabilities and people from LGBT&Q communities.",
            "Awareness sessions for frontline staff on hate crime across partnerships.",
            "Key actions to be picked up and developed from SBC ‘Youth Direction’.",
            "Actions to be picked up from SBC Education Lead for Schools / SBC Civic Enforcement and Case Management "
            "Team Leader & Durham University, Study group.",
        ),
        (
            "Co-ordinate and deliver key action plans to address activities reacting to people with disabilities "
            "and people from LGBT&Q communities.",
            "Co-ordinate a range of training sessions for front-line staff within the Stockton hate crime group.",
            "Actions reflecting young men to be included and processed monitored in Stockton 2019-2020 action plan.",
            "Keys actions to be developed and incorporated in the hate crime action plan 2019-2020 & delivered.",
        ),
        (
            "Actions plans updated to reflect challenges faced by the LGBT&Q community alongside a focus on "
            "disabilities. Excellent results and feedback from the renewed focus with joint work completed with PCC "
            "Office around public transport.",
            "This is an ongoing action and priority of the partnership. Regular training, best practice review and "
            "guest speakers invited to the group. Forward plan in development to allow more to benefit from the "
            "wider Safer Stockton Partnership.",
            "Development of packages of engagement focused around support for younger men has been completed and is "
            "available as a resource for practitioners to use when need identified.",
            "Monitor use and impact of Prejudice Driven Behaviour and Trans-inclusion Policy and Guidance for schools "
            "over the next 12 months.\n\nOn going promotion of the range of support packages available to schools.",
        ),
        ("1", "1", "1", "2"),
    ),
    (1, "b"): (
        ("Sarah Wilson & Jeff Parks", "Neil Mitchell", "Sarah Wilson", "Satnam Singh"),
        ("October 2019", "October 2019", "October 2019", "October 2019"),
        (
            "PPC’s and Cleveland Police promote successful prosecutions using social media.",
            "Targeted Team Manager for SBC Action Areas to develop an on-line form.",
            "PPC’s to carry out an audit on third party hate crime.",
            "Stockton hate crime action plan 2019-2020 to reflect key actions.",
        ),
        (
            "Successful prosecutions on social media for hate crime incidents.",
            "On-line hate crime form on SBC website.",
            "Mystery shopping.",
            "Develop a set of keys actions to reducing the barriers to reporting.",
        ),
        (
            "Where possible, media promotion of prosecution for hate crime cases has been done. This has included "
            "sentence uplifts approved by the court when hate crime is a motivating factor for offences.",
            "Action has been included in a wider review of hate crime reporting Cleveland wide incorporating all 4 "
            "local authority areas. This work is ongoing and online reporting, alongside third party reporting "
            "centres are being improved in partnership with dedicated resources brought in to facilitate.",
            "Audit of third party reporting centres has been carried out and findings supporting the review of hate "
            "crime reporting in Cleveland. Many public buildings found compliant however general lack of training "
            "and understanding across all locations.",
            "Key recommendations and actions to reduce barriers to report have been implemented into the hate crime "
            "action plan 2019-2020 and are actively being worked toward by the partnership.",
        ),
        ("1", "4", "1", "1"),
    ),
    (1, "c"): (
        ("All Stockton hate crime group members",),
        ("October 2019",),
        ("Stockton hate crime group members to explore advocates in their organisations.",),
        (
            "Develop a pool of advocates within different protected group with a main focus on people with "
            "disabilities and people from LGBT& Q communities.",
        ),
        (
            "This action is still progressing however several organisations have implemented advocates for hate "
            "crime support with a focus across the spectrum of offending. Further work focusing on a standardised "
            "training package currently being worked on alongside planned promotion of advocates both within "
            "organisations and the community.",
        ),
        ("3",),
    ),
    (1, "d"): (
        ("Satnam Singh",),
        ("January 2019",),
        (
            "Continue with the monthly hate crime group meeting and to include hate crime as a standard item on "
            "Stockton JAG’S.",
        ),
        ("Continue with the monthly hate crime meeting.",),
        (
            "A new hate crime scrutiny model was implemented in June 2019 which allows key partners to scrutinise "
            "each hate crime incident one by one. This is a closed meeting to allow professional challenge and "
            "problem solving. Details and findings are then shared with the strategic group and where needed the "
            "Safer Stockton Partnership.\n\nHate crime is now a standard item on Stockton JAG agenda, but is also "
            "actively considered in all cases of crime and anti-social behaviour.",
        ),
        ("1",),
    ),
    (1, "e"): (
        ("Vanessa Housley",),
        ("December 2019",),
        ("SBC Education School lead to monitor and report back to the hate crime group in 12 month time.",),
        ("Report back in December 2019 to the Stockton hate crime group.",),
        (
            "Prejudice Driven Behaviour Policy / Trans-Inclusion Policy/Guidance shared with all Stockton schools "
            "LGBT CPD offered for governors and staff.  CPD designed and delivered in collaboration with Hart Gables "
            "PDBG/ Trans-Inclusion training is now included on our Initial Teacher Training Programme. Ongoing "
            "support provided via new termly Personal Development and Equalities briefings.\n\nOngoing updates "
            "provided via termly Safeguarding Forums. Evaluations of CPD are 100% good or better. Students on our "
            "Initial Teacher Training Programme evaluated our PDBG/ Trans inclusion training as the ‘best so far’ on "
            "the programme. Stockton has been nominated for a LGBT Alliance Award co-ordinated by Hart Gables.   "
            "Award category: Local authority commitment to LGBT communities.",
        ),
        ("1",),
    ),
    (1, "f"): (
        ("Satnam Singh",),
        ("Reviewed throughout the year 2019",),
        ("Refresh the TOR and membership for Stockton hate crime group.",),
        ("Guest speakers and key invited stakeholders and groups to attend the SHC meeting.",),
        (
            "Membership of the group is actively reviewed and new groups invited on a regular basis. This is "
            "following a wider review of the group in June 2019 which increased membership from third and voluntary "
            "sectors as well as community representation.\n\nThe TOR for the group was reviewed and refreshed in "
            "line with the review of hate crime.",
        ),
        ("2",),
    ),
    (2, ""): (
        ("Tahir Ali / Louise Crisp / Vanessa Housley / Dale Metcalfe",),
        ("October 2019",),
        (
            "SBC Education School lead, SBC Youth Direction & SBC Civic Enforcement and Case Management Team Leader "
            "to promote the range of support packages available to schools.",
        ),
        ("An increase take up of range support packages for schools.",),
        (
            "Stockton Council teams now work closely with the Early Help Coordinator, Cleveland Police who delivers "
            "a package for Hate Crime. This has been built into the Community Package that has been presented to all "
            "schools through the PIP, virtual schools and restorative circles aswell as induvial presentations and "
            "Early Help Support Officers promoting this through there retrospective schools. This is also in the "
            "school perspective which was developed by SBC.\n\nThe referrals now come through “one door” and each "
            "induvial case is looked at by myself and Emma and a decision is made on the level of support that is "
            "needed. The Police delivers 3 sessions but there is a mechanism of further support and this can be "
            "brought back internally and reallocated whereby further work can be completed.",
        ),
        ("1",),
    ),
    (3, ""): (
        ("Satnam Singh",),
        ("October 2019",),
        (
            "Ensured that key stakeholders and groups members deliver the ‘Wear Red’ campaign in Stockton to support "
            "‘Show Racism the Red Card’.",
        ),
        (
            "Developed a steering group to deliver ‘Wear Red’ campaign in Stockton to support ‘Show Racism the Red "
            "Card’.",
        ),
        (
            "The ‘Wear Red’ campaign in support of ‘Show Racism the Red Card’ was developed for this year’s event and "
            "was a success. Developments included various events that seen staff engaged in sporting and fitness "
            "events alongside the traditional program.",
        ),
        ("1",),
    ),
    (4, ""): (
        ("SBC Hate Crime Lead",),
        ("March 2019",),
        ("SBC lead on hate crime to send a letter to Stockton MPs.",),
        ("Completed letter sent to Dr Paul Williams MP and Mr Alex Cunningham MP.",),
        (
            "A letter was produced and subsequently sent to both Members of Parliament in March 2019. The letter "
            "called for further support into research of online hate speech.",
        ),
        ("1",),
    ),
}


def block(number: int, letter: str) -> Block:
    heading = f"{letter}) {SUB_ACTIONS[letter]}" if letter else f"Recommendation {number}: {RECOMMENDATIONS[number]}"
    return Block(heading, tuple(zip(LABELS, RECORDS[number, letter], strict=True)), STRANDS.get(letter, ()))


PAPER = Paper(
    title="SCRUTINY MONITORING – PROGRESS UPDATE",
    details=DETAILS,
    introduction=(
        "Updates on the progress of actions in relation to agreed recommendations from previous scrutiny reviews "
        "are required approximately 12 months after the relevant Select Committee has agreed the Action Plan.  "
        "Progress updates must be detailed, evidencing what has taken place regarding each recommendation – a grade "
        "assessing progress should then be given (see end of document for grading explanation)."
    ),
    tables=tuple(tuple(block(number, letter) for (n, letter) in RECORDS if n == number) for number in RECOMMENDATIONS),
)
