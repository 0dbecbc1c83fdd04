#!/usr/bin/env python3
"""Writes about N lines of a Postfix mail log of a realistic shape to stdout, the same for the same seed: messages in
and out of a company of 300 mailboxes, each through smtpd or pickup, cleanup, qmgr, one to four deliveries (smtp
out, lmtp in, some deferred first) and removal, interleaved as a busy server writes them; NOQUEUE rejects, connect
and disconnect lines, classic syslog times across midnight. Usage: gen_postfix.py LINES [SEED] > mail.log"""
import random
import sys

target = int(sys.argv[1])
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
people = [f"user{n}@example.ee" for n in range(300)]
outside = [f"contact{n}@{rng.choice(['gmail.com', 'firma.de', 'example.se', 'web.de', 'outlook.com'])}" for n in range(2000)]
months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
second = 0.0
written = 0
active = []  # (queue id, remaining lines)
out = []
serial = 0


def stamp():
    day = 3 + int(second // 86400)
    s = int(second % 86400)
    return f"Dec {day:2d} {s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def new_message():
    global serial
    serial += 1
    qid = f"{(serial * 2654435761) % 16**10:010X}"
    inbound = rng.random() < 0.5
    sender = rng.choice(outside) if inbound else rng.choice(people)
    count = rng.choice([1, 1, 1, 2, 3, 4])
    recipients = rng.sample(people, count) if inbound else [rng.choice(people + outside) for _ in range(count)]
    lines = []
    if inbound or rng.random() < 0.7:
        lines.append(f"postfix/smtpd[{rng.randint(1000, 9999)}]: {qid}: client=mx{rng.randint(1, 99)}.example.net[198.51.100.{rng.randint(1, 254)}]")
    else:
        lines.append(f"postfix/pickup[1300]: {qid}: uid=1000 from=<{sender}>")
    lines.append(f"postfix/cleanup[{rng.randint(1000, 9999)}]: {qid}: message-id=<{serial}.{rng.randint(1, 10**9)}@example.ee>")
    lines.append(f"postfix/qmgr[900]: {qid}: from=<{sender}>, size={int(rng.lognormvariate(9, 1.5))}, nrcpt={count} (queue active)")
    for to in recipients:
        service = "lmtp" if to.endswith("@example.ee") else "smtp"
        if rng.random() < 0.05:
            lines.append(f"postfix/{service}[{rng.randint(1000, 9999)}]: {qid}: to=<{to}>, relay=none, delay=30, delays=0.1/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[203.0.113.9]:25: Connection refused)")
        lines.append(f"postfix/{service}[{rng.randint(1000, 9999)}]: {qid}: to=<{to}>, relay=mx.example.net[203.0.113.9]:25, delay=0.{rng.randint(1, 9)}, delays=0.1/0/0.1/0.2, dsn=2.0.0, status=sent (250 2.0.0 OK)")
    lines.append(f"postfix/qmgr[900]: {qid}: removed")
    return lines


while written < target:
    second += rng.random() * 0.5
    roll = rng.random()
    if roll < 0.05:
        out.append(f"{stamp()} mail postfix/smtpd[{rng.randint(1000, 9999)}]: NOQUEUE: reject: RCPT from unknown[192.0.2.{rng.randint(1, 254)}]: 554 5.7.1 <{rng.choice(people)}>: Relay access denied; from=<spam@spam.example> to=<{rng.choice(people)}> proto=ESMTP helo=<spam.example>")
    elif roll < 0.15:
        out.append(f"{stamp()} mail postfix/smtpd[{rng.randint(1000, 9999)}]: connect from unknown[192.0.2.{rng.randint(1, 254)}]")
    else:
        if len(active) < 20 or (len(active) < 500 and rng.random() < 0.17):
            active.append(new_message())
        message = rng.choice(active)
        out.append(f"{stamp()} mail {message.pop(0)}")
        if not message:
            active.remove(message)
    written += 1
    if len(out) == 10000:
        sys.stdout.write("\n".join(out) + "\n")
        out = []
for message in active:
    for line in message:
        out.append(f"{stamp()} mail {line}")
sys.stdout.write("\n".join(out) + "\n")
