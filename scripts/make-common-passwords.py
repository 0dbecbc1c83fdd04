#!/usr/bin/env python3
"""Writes Sources/App/Resources/common-passwords.txt: passwords people choose most often, at the policy's
minimum length of 12 and above (shorter ones are refused anyway). Base words are the perennial leaders of the
public breach statistics plus their German, Estonian and Swedish counterparts; suffixes are the usual years,
digit runs and punctuation. Re-run after changing the lists; the output is committed."""
import pathlib

bases = """password passwort passord lösenord losenord salasona salasõna parool qwerty qwertz asdfgh azerty
iloveyou letmein welcome willkommen tere tervist hallo hello admin administrator root changeme secret
geheim hemlig saladus football fussball fotboll jalgpall monkey dragon master shadow sunshine princess
superman batman trustno1 baseball summer sommer suvi winter vinter talv autumn spring fruehling varen
kevad january februar company firma bolag ettevote quartermaster login abc123 passw0rd p@ssw0rd p@ssword
test tester computer internet michael daniel jessica charlie freedom whatever starwars pokemon minecraft
tallinn hamburg stockholm berlin munich muenchen tartu gothenburg goteborg estonia eesti germany deutschland
sweden sverige""".split()
suffixes = ["", "1", "12", "123", "1234", "12345", "123456", "!", "1!", "123!", "2020", "2021", "2022", "2023",
            "2024", "2025", "2026", "2027", "01", "007", "69", "99", "!!", "#1", "@123", "1234!", "12345!"]
walks = """123456789012 1234567890123 12345678901234 123456789abc 1234567890ab qwertyuiop12 qwertyuiopasd
1q2w3e4r5t6y 1q2w3e4r5t6y7u 1qaz2wsx3edc 1qaz2wsx3edc4rfv zaq12wsxcde3 qazwsxedcrfv asdfghjkl123
asdfghjkl;'\\ zxcvbnm12345 qwertyuiop[] 111111111111 000000000000 aaaaaaaaaaaa abcdefghijkl abcdefghijklm
abcdefg12345 abc123abc123 passwordpassword letmeinletmein iloveyouiloveyou 987654321098 098765432109
qwertzuiop12 qwertzuiopü+ 11223344556677 112233445566 121212121212 123123123123 123321123321
correcthorsebatterystaple""".split()

words = set(walks)
for base in bases:
    for variant in {base, base.capitalize(), base.upper()}:
        for suffix in suffixes:
            words.add(variant + suffix)
            words.add(variant + variant if len(variant) >= 6 else variant)
listed = sorted(w for w in words if len(w) >= 12)
target = pathlib.Path(__file__).resolve().parent.parent / "Sources/App/Resources/common-passwords.txt"
target.write_text("\n".join(listed) + "\n", encoding="utf-8")
print(f"{len(listed)} passwords written to {target}")
