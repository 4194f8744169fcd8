"""Switchboard's error demo: prints a few lines, then raises, so the dashboard shows output and a detected error.

It takes no input: the shipped allow-list runs it as `python3 conf/demo/raise.py` and nothing else, so no request
can carry code to an interpreter.
"""
import sys


def load_settings(name):
    print(f"loading settings for {name}")
    raise ValueError(f"settings for {name} are missing the key 'port'")


print("demo: starting")
print("demo: this line went to stderr", file=sys.stderr)
load_settings("demo")
