"""`statuspress notify`: push every new public update to webhooks, Slack, Teams, Discord and e-mail.

Data flows one way, and only the ends do I/O:

    site/api/v2/*.json ─ snapshot ─ changes (events) ─┐
    published ledger (site/notify/ledger.json) ───────┼─ plan ─ formats (one Message per send) ─ delivery
    mkdocs.yml ─ channels ────────────────────────────┘                                              │
                                            ledger (what each channel got) ◄── results ◄─────────────┘

Only the public API output is read, so nothing that is not on the public site can reach a channel.
"""
