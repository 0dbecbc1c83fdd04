#!/usr/bin/env python3
"""A real SNMP agent for the SNMP probe's tests: Debian's snmpd on 127.0.0.1, community "public" (read-only),
sysLocation "Tallinn server room". Prints "PORT <n>" and runs snmpd as its
child, in a process group of its own, which the tests stop as a
whole.
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
config = os.path.join(args.dir, "snmpd.conf")
with open(config, "w") as file:
    file.write("rocommunity public 127.0.0.1\nsysLocation Tallinn server room\nsysContact it@example.test\n")
probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
snmpd = "/usr/sbin/snmpd"
if not os.path.exists(snmpd):
    print("snmpd is missing (apt-get install snmpd)", flush=True)
    sys.exit(1)
environment = dict(os.environ, MIBS="")  # no MIB files are needed to answer by number
child = subprocess.Popen([snmpd, "-f", "-Lf", "/dev/null", "-C", "-c", config, "-p", os.path.join(args.dir, "pid"),
                          f"udp:127.0.0.1:{port}"], env=environment,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(f"PORT {port}", flush=True)
sys.exit(child.wait())
