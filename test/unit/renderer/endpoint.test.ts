import { describe, expect, it } from 'vitest';
import { endpointFromLocation, EndpointError } from '../../../src-renderer/connection/endpoint';

describe('endpointFromLocation', () => {
  it('derives the WebSocket URL from the page and the token from the fragment', () => {
    expect(endpointFromLocation({ protocol: 'http:', host: '127.0.0.1:4000', hash: '#token=abc' })).toEqual({
      url: 'ws://127.0.0.1:4000/ws',
      token: 'abc',
    });
  });
  it('uses wss on https pages', () => {
    expect(endpointFromLocation({ protocol: 'https:', host: 'lab:1', hash: '#token=t' }).url).toBe(
      'wss://lab:1/ws',
    );
  });
  it('explains what is missing when there is no token', () => {
    expect(() => endpointFromLocation({ protocol: 'http:', host: 'h', hash: '' })).toThrow(EndpointError);
    expect(() => endpointFromLocation({ protocol: 'http:', host: 'h', hash: '' })).toThrow(/access token/);
  });
});
