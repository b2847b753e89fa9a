import { anthropicEventKind, parseSse, streamDifferences } from './sse';

test('parses named and unnamed events, JSON or text, a last event without its blank line included', () => {
  expect(parseSse('event: ping\ndata: {"type": "ping"}\n\ndata: [DONE]\n\n')).toEqual([{ event: 'ping', data: { type: 'ping' } }, { data: '[DONE]' }]);
  expect(parseSse('event: message_stop\ndata: {"type":"message_stop"}')).toEqual([{ event: 'message_stop', data: { type: 'message_stop' } }]);
});

test('runs of one kind count once; another order, a mislabelled event and a changed field are each named', () => {
  const documented = parseSse([
    'event: message_start\ndata: {"type":"message_start","message":{"id":"m"}}',
    'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}}',
    'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"b"}}',
    'event: message_stop\ndata: {"type":"message_stop"}',
  ].join('\n\n'));
  expect(streamDifferences([documented[0], documented[1], documented[3]], [documented], anthropicEventKind)).toEqual([]);
  expect(streamDifferences([documented[0], documented[3], documented[1]], [documented], anthropicEventKind)[0]).toMatch(/^event order/);
  expect(streamDifferences([{ ...documented[0], event: 'ping' }, documented[1], documented[3]], [documented], anthropicEventKind))
    .toEqual(['#0 message_start: event "ping" carries type "message_start"']);
  expect(streamDifferences([{ data: { type: 'message_start', message: { id: 1 } } }, documented[1], documented[3]], [documented], anthropicEventKind))
    .toEqual(['#0 message_start: message.id: documented as string, answered number']);
});
