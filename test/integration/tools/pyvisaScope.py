"""Reads a scope emulator the way a PyVISA user would (pyvisa-py, raw socket): *IDN?, a setting round
trip, and one waveform decoded with its preamble. Prints one JSON object. Usage:
pyvisaScope.py PORT rigol|keysight|keysight-raw

keysight-raw reads an InfiniiVision's raw record after :DIGitize as Keysight's examples do (:WAV:POIN MAX,
then :WAV:POIN:MODE RAW) and prints its size, extremes and every 1000th sample rather than all of them."""
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
elif vendor == 'keysight-raw':
    scope.write(':CHAN2:DISP 0')
    scope.write(':DIG')
    scope.write(':WAV:POIN MAX')
    scope.write(':WAV:POIN:MODE RAW')
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
result = {'idn': idn, 'timebase': timebase, 'points': int(points), 'x_increment': x_inc, 'error': error}
if vendor == 'keysight-raw':
    result.update({'acquired_points': int(scope.query(':ACQ:POIN?')), 'received': len(data),
                   'max': max(volts), 'min': min(volts), 'every_1000th': volts[::1000]})
else:
    result['volts'] = volts
scope.close()
print(json.dumps(result))
