#!/usr/bin/env python3
"""A real DNS server for the DNS probe's tests: Debian's dnsmasq on 127.0.0.1, authoritative for example.test.

host.example.test has A 192.0.2.10 and 192.0.2.11 and AAAA 2001:db8::10; www.example.test is a CNAME for it;
example.test has MX 10 mail.example.test and a TXT record; other names in example.test are NXDOMAIN.
Prints "PORT <n>" and runs dnsmasq as its child, in a process group of its own, which the tests stop as a whole.
dnsmasq closes every inherited descriptor, which Foundation's Process takes for an exit (and then waits for it,
blocking every other Process), so it must not be the process the tests started.
"""
import argparse
import os
import socket
import subprocess
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--dir", required=True)
args = parser.parse_args()
os.setpgrp()  # the server below joins this group, and Peer.stop kills the group
hosts = os.path.join(args.dir, "hosts")
with open(hosts, "w") as file:
    file.write("192.0.2.10 host.example.test\n192.0.2.11 host.example.test\n2001:db8::10 host.example.test\n")
probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
dnsmasq = "/usr/sbin/dnsmasq"
if not os.path.exists(dnsmasq):
    print("dnsmasq is missing (apt-get install dnsmasq-base)", flush=True)
    sys.exit(1)
child = subprocess.Popen([dnsmasq, "--keep-in-foreground", f"--port={port}", "--listen-address=127.0.0.1", "--bind-interfaces",
                   "--no-resolv", "--no-hosts", f"--addn-hosts={hosts}", "--local=/example.test/",
                   "--cname=www.example.test,host.example.test", "--mx-host=example.test,mail.example.test,10",
                   "--txt-record=example.test,v=spf1 -all", f"--pid-file={os.path.join(args.dir, 'pid')}", "--user=root",
                   "--log-facility=/dev/null"], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(f"PORT {port}", flush=True)
sys.exit(child.wait())
