/** What a view shows, for "export what you see" and "Copy values" (issue 20). */
export interface VisibleSeries {
  /** Channel or quantity as shown: "CH1", "M1 = CH1 − CH2", "PSU CH2 voltage", "CH1 Vpp". */
  name: string;
  /** SI unit: "V", "A", "W", "Hz", "s", "dBV". */
  unit: string;
  values: Float64Array;
}

export interface VisibleData {
  /** What the view is, for the file's title and name: "Scope DS1054Z", "Trend CH1 Vpp", "FFT CH1". */
  title: string;
  /** The x axis every series shares. */
  x: Float64Array;
  x_name: 'time' | 'frequency';
  /** 's' (seconds from t0_ms) or 'Hz' (a spectrum). */
  x_unit: 's' | 'Hz';
  /** Wall-clock time of x = 0, ms since the epoch (absent for a spectrum). */
  t0_ms?: number;
  /** Samples per second where the axis is uniform. */
  sample_rate_hz?: number;
  series: VisibleSeries[];
  /** Where it came from: bench, equipment id, model, serial, acquisition id, settings at the time. */
  provenance: Record<string, unknown>;
}
