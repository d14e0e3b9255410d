"""The pages of practitioners: their screenings, the questions asked in a consultation, the
result and its referrals, the handovers to receiving services, and working offline.

Two pages of other people still sit in these modules: the service lead's start page
(`/service-lead`, screening_views.py) and the admin's list of offline screenings kept for review
(`/offline/review`, offline.py)."""
