#!/usr/bin/env python3
"""A real DNS server for the DNS probe's tests: Debian's dnsmasq on 127.0.0.1, authoritative for example.test.

host.example.test has A 192.0.2.10 and 192.0.2.11 and AAAA 2001:db8::10; www.example.test is a CNAME for it;
example.test has MX 10 mail.example.test and a TXT record; other names in example.test are NXDOMAIN.
Prints "PORT <n>" once dnsmasq answers there, and runs it as its child, in a process group of its own, which the tests
stop as a whole. dnsmasq closes every inherited descriptor, which Foundation's Process takes for an exit (and then
waits for it, blocking every other Process), so it must not be the process the tests started.

dnsmasq listens on UDP and TCP on its port. Under the parallel suite another test's server may hold the TCP port of a
number whose UDP port is free, and then dnsmasq exits at once; so the port is taken free on both, and a dnsmasq that
exits or does not answer within five seconds is started again on another port.
"""
import argparse
import os
import socket
import struct
import subprocess
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--dir", required=True)
args = parser.parse_args()
os.setpgrp()  # the server below joins this group, and Peer.stop kills the group
hosts = os.path.join(args.dir, "hosts")
with open(hosts, "w") as file:
    file.write("192.0.2.10 host.example.test\n192.0.2.11 host.example.test\n2001:db8::10 host.example.test\n")
dnsmasq = "/usr/sbin/dnsmasq"
if not os.path.exists(dnsmasq):
    print("dnsmasq is missing (apt-get install dnsmasq-base)", flush=True)
    sys.exit(1)


def free_port():
    """A port number free for both UDP and TCP on 127.0.0.1 at this moment."""
    while True:
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind(("127.0.0.1", 0))
        port = udp.getsockname()[1]
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            tcp.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            tcp.close()
            udp.close()


def answers(port):
    """Whether a server on the port answers a query for host.example.test within a fifth of a second."""
    query = struct.pack(">HHHHHH", 0x5151, 0x0100, 1, 0, 0, 0)
    query += b"".join(bytes([len(label)]) + label.encode() for label in ["host", "example", "test"]) + b"\0"
    query += struct.pack(">HH", 1, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.2)
        try:
            sock.sendto(query, ("127.0.0.1", port))
            reply = sock.recv(512)
            return reply[:2] == query[:2]
        except OSError:
            return False


for attempt in range(10):
    port = free_port()
    child = subprocess.Popen([dnsmasq, "--keep-in-foreground", f"--port={port}", "--listen-address=127.0.0.1",
                              "--bind-interfaces", "--no-resolv", "--no-hosts", f"--addn-hosts={hosts}",
                              "--local=/example.test/", "--cname=www.example.test,host.example.test",
                              "--mx-host=example.test,mail.example.test,10", "--txt-record=example.test,v=spf1 -all",
                              f"--pid-file={os.path.join(args.dir, 'pid')}", "--user=root", "--log-facility=/dev/null"],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 5
    while child.poll() is None and time.monotonic() < deadline:
        if answers(port):
            print(f"PORT {port}", flush=True)
            sys.exit(child.wait())
    if child.poll() is None:
        child.kill()
        child.wait()
print("dnsmasq did not start", flush=True)
sys.exit(1)
