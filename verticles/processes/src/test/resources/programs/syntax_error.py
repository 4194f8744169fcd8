import sys

print("starting up")
def broken(:
    return 1
