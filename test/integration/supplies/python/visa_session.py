"""One PyVISA session (pyvisa-py's TCPIP SOCKET resource) against an emulated instrument.

argv: PORT STEPS_JSON, where STEPS_JSON is a list of ["write", cmd], ["query", cmd] or ["sleep", seconds].
Prints a JSON list of the query replies, in order. Uses only PyVISA's public API, as a user script would.
"""
import json
import sys
import time

import pyvisa


def main() -> None:
    port = int(sys.argv[1])
    steps = json.loads(sys.argv[2])
    rm = pyvisa.ResourceManager("@py")
    inst = rm.open_resource(f"TCPIP::127.0.0.1::{port}::SOCKET")
    inst.read_termination = "\n"
    inst.write_termination = "\n"
    inst.timeout = 5000
    replies = []
    try:
        for kind, arg in steps:
            if kind == "write":
                inst.write(arg)
            elif kind == "query":
                replies.append(inst.query(arg))
            elif kind == "sleep":
                time.sleep(float(arg))
            else:
                raise ValueError(f"unknown step {kind}")
    finally:
        inst.close()
        rm.close()
    print(json.dumps(replies))


if __name__ == "__main__":
    main()
