"""Demonstration data for ``libtrainer demo``: a branch's year of work, or a whole region's.

``fill(store, size="branch")`` adds the work of this device's branch (about 60 participants,
6 groups, 40 sessions, 80 consultations); ``size="region"`` adds the libraries of Alytaus
apskritis with their branches (about 20,000 participants, 1,200 groups, 10,000 sessions,
150,000 attendance marks and 20,000 consultations). The rows pass the domain rules and go in
through the unit of work as Core ``insert()`` executemany, one transaction per branch, with
capture on: every row is in the outbox, as if it had been typed in.

Guarantees: the same seed (and the same reference date) gives the same content; ids are always
new, so running the demo again adds a second batch. Places, programmes, staff and e-scouts are
reused when they exist (found by name or code): a second run adds people and their work, not a
second copy of the library.

The data is in the store's country: a store whose region is Latvian (``init --country LV``)
gets Latvian people, group names, referrers, places, topics and notes, and for a region the
libraries of Cēsu, Ogres and Valmieras; a Lithuanian one the Lithuanian words (``vocabulary``).

Modules: ``names``, ``catalogue`` and ``latvia`` (vocabulary from the seed reports),
``vocabulary`` (the words of each country), ``model`` (plan, site, batch), ``people``,
``groups``, ``helpdesk`` (consultations, e-scout visits), ``places`` (found or added
organisation, programmes, staff), ``fill`` and ``launch`` (``demo --start``).
"""

from __future__ import annotations

from libtrainer.services.demo.fill import SIZES, DemoSummary, describe, fill, write
from libtrainer.services.demo.launch import display_available, start

__all__ = ["SIZES", "DemoSummary", "describe", "display_available", "fill", "start", "write"]
