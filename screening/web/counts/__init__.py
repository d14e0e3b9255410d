"""The pages of service leads and commissioners: counts of screenings and referrals (and their
export), the referral funnel and the quarterly return, aggregate figures under the disclosure
rule only."""
