"""The pages of the workers of receiving services: their service's inbox of referrals, each
referral's handover, and what became of it (accepted, declined, engaged, dropped out)."""
