"""QR tickets and check-in at the gate and at the meeting table.

- :mod:`events.checkin.tokens`: ticket tokens (random, 128 bits, with a check code) and the URL in the QR.
- :mod:`events.checkin.qr`: QR images (SVG and PNG) sized for badges and screens.
- :mod:`events.checkin.tickets`: issuing, re-issuing (revoking) and reading tickets; badges.
- :mod:`events.checkin.service`: the scan at the gate and at the table, one transaction, idempotent per nonce.
- :mod:`events.checkin.attendance`: meetings held / no-show / pending per slot.
- :mod:`events.checkin.live`: the organizers' live numbers.
"""
