#!/usr/bin/env python3
"""A real LDAP directory for the tests: Debian's OpenLDAP slapd (2.5) on 127.0.0.1, with StartTLS and LDAPS.

Suffix dc=quartermaster,dc=test in an mdb database, schemas core, cosine, inetorgperson and nis.
  cn=admin,dc=quartermaster,dc=test                     password admin-secret    (rootdn: bypasses every ACL)
  cn=quartermaster,ou=services,dc=quartermaster,dc=test password service-secret  (the service account)
  ou=people, ou=groups, ou=services, ou=policies        (empty but for what is listed here)
  cn=vpn-users,ou=groups,... and cn=staff,ou=groups,... groupOfNames. groupOfNames must have a member, so each
      holds the service account's DN as a placeholder member; a test that counts members should ignore it.
  cn=default,ou=policies,...                            the default password policy (ppolicy overlay):
      pwdAttribute userPassword, pwdMustChange TRUE, pwdAllowUserChange TRUE, nothing else (no ageing, no lockout,
      no quality checks, no history).
The service account's paged searches have no total size limit (a plain search still stops at 500 entries).
ACLs: anonymous may only bind (auth on userPassword) and read nothing. The service account reads everything and
may add, modify and delete entries under ou=people and ou=groups, and has "manage" on userPassword everywhere, which
makes it a password administrator for ppolicy. Anyone bound may read their own entry and change their own
userPassword (a modify, or the password modify extended operation).

Must change at first sign-in (ppolicy in OpenLDAP 2.5): when a password administrator (the service account, or the
rootdn) sets a user's userPassword, by a modify or by the password modify extended operation (ldappasswd), the
overlay also sets the user's operational attribute pwdReset: TRUE (ask for it by name, or "+"). An add does not set
it, unless the add carries "pwdReset: TRUE" itself (the attribute is user-modifiable; the service account may write
it). A bind as that user still succeeds, but the connection is then restricted: everything except changing the own
password (and bind, unbind, abandon, StartTLS) is refused with insufficientAccess (50), "Operations are restricted to
bind/unbind/abandon/StartTLS/modify password". With the password policy request control
(1.3.6.1.4.1.42.2.27.8.5.1, ldap-utils' -e ppolicy) the bind response carries the policy error changeAfterReset (2).
The user's own change of their password removes pwdReset. Plain-text passwords written over LDAP are stored hashed
({SSHA}).

Prints "PORT <n>" (plain LDAP, StartTLS available) once slapd answers there and on LDAPS, and runs slapd as its
child, in a process group of its own, which the tests stop as a whole. Files in --dir: ldaps-port (the LDAPS port
number), ca.pem (the throwaway CA to trust), ca.key, server.pem, server.key, openssl.cnf, slapd.conf, init.ldif,
db/ (the database), slapd.pid, slapd.args, slapd.log (slapd's stderr), and ldapi (a Unix socket,
ldapi://<dir, %2F-escaped>/ldapi, when the path is short enough). Exits 1 with a one-line reason if slapd cannot start.
The certificate names IP 127.0.0.1 and DNS localhost; use 127.0.0.1 with ldap-utils, whose libldap checks a URI host of
"localhost" against the machine's own hostname instead.
"""
import argparse
import base64
import hashlib
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import time

SUFFIX = "dc=quartermaster,dc=test"
ADMIN = f"cn=admin,{SUFFIX}"
SERVICE = f"cn=quartermaster,ou=services,{SUFFIX}"
POLICY = f"cn=default,ou=policies,{SUFFIX}"

parser = argparse.ArgumentParser()
parser.add_argument("--dir", required=True)
args = parser.parse_args()
os.setpgrp()  # slapd below joins this group, and Peer.stop kills the group
directory = os.path.abspath(args.dir)


def path(name):
    return os.path.join(directory, name)


def fail(reason):
    print(" ".join(reason.split()) or "slapd did not start", flush=True)
    sys.exit(1)


def ssha(password):
    salt = os.urandom(8)
    return "{SSHA}" + base64.b64encode(hashlib.sha1(password.encode() + salt).digest() + salt).decode()


def run(command):
    result = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    if result.returncode != 0:
        fail(f"{os.path.basename(command[0])} failed: {result.stdout.strip().splitlines()[-1:] or result.returncode}")


slapd, slapadd, openssl = "/usr/sbin/slapd", "/usr/sbin/slapadd", "/usr/bin/openssl"
for program, package in [(slapd, "slapd"), (slapadd, "slapd"), (openssl, "openssl")]:
    if not os.path.exists(program):
        fail(f"{program} is missing (apt-get install {package} ldap-utils)")

# A throwaway CA and a server certificate for 127.0.0.1 and localhost, EC P-256 (quick to make).
with open(path("openssl.cnf"), "w") as file:
    file.write("""[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
""")
newkey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "7", "-config", path("openssl.cnf")]
run([openssl, "req", "-x509", *newkey, "-extensions", "ca", "-subj", "/CN=Quartermaster Test CA",
     "-keyout", path("ca.key"), "-out", path("ca.pem")])
run([openssl, "req", "-x509", *newkey, "-extensions", "server", "-subj", "/CN=localhost",
     "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-keyout", path("server.key"), "-out", path("server.pem")])

os.makedirs(path("db"), exist_ok=True)
schemas = "".join(f"include /etc/ldap/schema/{name}.schema\n" for name in ["core", "cosine", "inetorgperson", "nis"])
with open(path("slapd.conf"), "w") as file:
    file.write(f"""{schemas}
pidfile {path("slapd.pid")}
argsfile {path("slapd.args")}
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
loglevel none
password-hash {{SSHA}}
TLSCACertificateFile {path("ca.pem")}
TLSCertificateFile {path("server.pem")}
TLSCertificateKeyFile {path("server.key")}
TLSVerifyClient never

database mdb
suffix "{SUFFIX}"
rootdn "{ADMIN}"
rootpw {ssha("admin-secret")}
directory {path("db")}
maxsize 67108864
dbnosync
index objectClass eq
index cn,uid,mail,member,memberUid eq
# As an administrator sets a service account up: a plain search stops at 500 entries, a paged one reads them all.
limits dn.exact="{SERVICE}" size.soft=500 size.prtotal=unlimited

overlay ppolicy
ppolicy_default "{POLICY}"
ppolicy_hash_cleartext

access to attrs=userPassword
    by self write
    by dn.exact="{SERVICE}" manage
    by anonymous auth
    by * none
access to dn.regex="^ou=(people|groups),{SUFFIX}$" attrs=children
    by dn.exact="{SERVICE}" write
    by * none
access to dn.children="ou=people,{SUFFIX}"
    by dn.exact="{SERVICE}" write
    by self read
    by * none
access to dn.children="ou=groups,{SUFFIX}"
    by dn.exact="{SERVICE}" write
    by * none
access to *
    by dn.exact="{SERVICE}" read
    by self read
    by * none
""")

with open(path("init.ldif"), "w") as file:
    file.write(f"""dn: {SUFFIX}
objectClass: dcObject
objectClass: organization
dc: quartermaster
o: Quartermaster Test

dn: ou=people,{SUFFIX}
objectClass: organizationalUnit
ou: people

dn: ou=groups,{SUFFIX}
objectClass: organizationalUnit
ou: groups

dn: ou=services,{SUFFIX}
objectClass: organizationalUnit
ou: services

dn: ou=policies,{SUFFIX}
objectClass: organizationalUnit
ou: policies

dn: {SERVICE}
objectClass: applicationProcess
objectClass: simpleSecurityObject
cn: quartermaster
userPassword: {ssha("service-secret")}

dn: cn=vpn-users,ou=groups,{SUFFIX}
objectClass: groupOfNames
cn: vpn-users
member: {SERVICE}

dn: cn=staff,ou=groups,{SUFFIX}
objectClass: groupOfNames
cn: staff
member: {SERVICE}

dn: {POLICY}
objectClass: applicationProcess
objectClass: pwdPolicy
cn: default
pwdAttribute: userPassword
pwdMustChange: TRUE
pwdAllowUserChange: TRUE
""")
run([slapadd, "-q", "-f", path("slapd.conf"), "-l", path("init.ldif")])


def free_port(taken):
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port not in taken:
            return port


ANONYMOUS_BIND = bytes.fromhex("300c020101600702010304008000")  # message 1: simple bind, version 3, empty DN


def answers(port, context=None):
    """Whether an LDAP server on the port answers an anonymous bind with success, within a second."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as raw:
            sock = context.wrap_socket(raw, server_hostname="127.0.0.1") if context else raw
            sock.sendall(ANONYMOUS_BIND)
            reply = sock.recv(64)
            # LDAPMessage { messageID 1, BindResponse { resultCode success ... } }
            return reply[:2] == b"\x30\x0c" and reply[2:5] == b"\x02\x01\x01" and reply[5] == 0x61 \
                and reply[7:10] == b"\x0a\x01\x00"
    except (OSError, IndexError):
        return False


child = None


def stop(signum, frame):
    """A SIGTERM or SIGHUP to this script (rather than SIGKILL to the group) takes slapd with it."""
    if child is not None and child.poll() is None:
        child.kill()
    os._exit(1)


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGHUP, stop)
tls = ssl.create_default_context(cafile=path("ca.pem"))
ldapi = "ldapi://" + path("ldapi").replace("/", "%2F")
for attempt in range(5):
    port = free_port(set())
    ldaps_port = free_port({port})
    urls = f"ldap://127.0.0.1:{port}/ ldaps://127.0.0.1:{ldaps_port}/"
    if len(path("ldapi")) < 100:
        urls += f" {ldapi}"
    with open(path("slapd.log"), "ab") as log:
        offset = log.tell()
        child = subprocess.Popen([slapd, "-d", "none", "-f", path("slapd.conf"), "-h", urls],
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 10
    ready = False
    while child.poll() is None and time.monotonic() < deadline:
        if answers(port) and answers(ldaps_port, tls):
            ready = True
            break
        time.sleep(0.01)
    if ready:
        with open(path("ldaps-port"), "w") as file:
            file.write(f"{ldaps_port}\n")
        print(f"PORT {port}", flush=True)
        sys.exit(child.wait())
    if child.poll() is None:
        child.kill()
    child.wait()
    with open(path("slapd.log"), errors="replace") as log:
        log.seek(offset)
        # "6b173af7.1e115da4 0x7f7bf459b200 daemon: bind(6) failed errno=98 (Address already in use)"
        lines = [match.group(1) for match in map(re.compile(r"[0-9a-f]+\.[0-9a-f]+ 0x[0-9a-f]+ (.+)").match, log)
                 if match]
    errors = [line for line in lines if any(word in line.lower() for word in ["fail", "error", "unable", "could not"])]
    last = errors[0] if errors else lines[-1] if lines else f"exit status {child.returncode}"
    if time.monotonic() >= deadline:
        last = "no answer within 10 seconds"
fail(f"slapd did not start: {last}")
