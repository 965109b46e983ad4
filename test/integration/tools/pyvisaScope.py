"""Reads a scope emulator the way a PyVISA user would (pyvisa-py, raw socket): *IDN?, a setting round
trip, and one waveform decoded with its preamble. Prints one JSON object. Usage:
pyvisaScope.py PORT rigol|keysight"""
import json
import sys

import pyvisa

port, vendor = int(sys.argv[1]), sys.argv[2]
rm = pyvisa.ResourceManager('@py')
scope = rm.open_resource(f'TCPIP::127.0.0.1::{port}::SOCKET', read_termination='\n',
                         write_termination='\n', timeout=10000)
idn = scope.query('*IDN?').strip()
scope.write(':TIM:SCAL 0.0002')
timebase = float(scope.query(':TIM:SCAL?'))
scope.write(':WAV:SOUR CHAN1')
scope.write(':WAV:FORM BYTE')
if vendor == 'rigol':
    scope.write(':WAV:MODE NORM')
else:
    scope.write(':WAV:POIN:MODE NORM')
    scope.write(':WAV:POIN 1000')
    scope.write(':DIG')
fields = [float(x) for x in scope.query(':WAV:PRE?').split(',')]
_, _, points, _, x_inc, x_origin, _, y_inc, y_origin, y_ref = fields
data = scope.query_binary_values(':WAV:DATA?', datatype='B', container=bytes)
if vendor == 'rigol':
    volts = [(b - y_origin - y_ref) * y_inc for b in data]
else:
    volts = [(b - y_ref) * y_inc + y_origin for b in data]
error = scope.query(':SYST:ERR?').strip()
scope.close()
print(json.dumps({'idn': idn, 'timebase': timebase, 'points': int(points), 'x_increment': x_inc,
                  'volts': volts, 'error': error}))
