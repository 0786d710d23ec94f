"""Characters nobody types on purpose, taken out of what staff write wherever it is stored or shown.

Control characters (tabs and line ends aside) and the bidirectional overrides and isolates that make a text
read differently from what it is ("Trojan Source": "Löner‮fdp.exe" shows as "Lönerexe.pdf"). Posts and
comments lose them in their sanitiser (intranet.posts.sanitise), group names, descriptions and join requests
in the groups' services: one list for both.
"""

import re

INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


def without_invisible(text):
    return INVISIBLE.sub("", text)
