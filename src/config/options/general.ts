// Options every working command shares: settings (-s, --config) and what it says on stderr
// (-q, -v, --log-format, --stats-json).
import { on, type OptionSpec } from '../option-spec.js';

const SETTINGS = on('crawl', 'run', 'worker', 'try', 'shell', 'get', 'stream', 'hls', 'sniff');

export const GENERAL_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'set',
    kind: 'list',
    short: 's',
    arg: '<key=value>',
    help: 'set any option by name, as its flag would: -s per-host=2, -s perHost=2 (repeatable)',
    commands: SETTINGS,
    setting: false,
    group: 'general',
  },
  {
    name: 'config',
    kind: 'string',
    arg: '<file>',
    help: 'read settings from this JSON file',
    defaultText: 'trawl.config.json in the current folder, when there',
    commands: SETTINGS,
    group: 'general',
  },
  {
    name: 'quiet',
    kind: 'boolean',
    short: 'q',
    help: 'no progress display',
    commands: {
      ...on('crawl', 'run', 'worker', 'get', 'stream', 'hls'),
      sniff: { help: 'no notes on stderr' },
      bench: { help: 'no progress lines on stderr' },
    },
    conflicts: ['verbose'],
    group: 'general',
  },
  {
    name: 'verbose',
    kind: 'count',
    short: 'v',
    help: "more detail: -v adds retries, per-host and per-worker figures and --auto-throttle's state; -vv adds every request",
    commands: {
      ...on('crawl', 'run', 'worker'),
      get: { help: 'more detail: a line per file saved and per retry' },
      stream: { help: 'more detail: every retry (not only the first ten)' },
      hls: { help: 'more detail: every retry (not only the first ten)' },
    },
    conflicts: ['quiet'],
    group: 'general',
  },
  {
    name: 'logFormat',
    kind: 'choice',
    arg: '<format>',
    choices: ['text', 'json'],
    default: 'text',
    help: 'text: progress and notes for people; json: one JSON event per line on stderr (request with -v, retry, failure, warning, progress every second, summary)',
    commands: on('crawl', 'run', 'worker'),
    group: 'general',
  },
  {
    name: 'statsJson',
    kind: 'string',
    arg: '<file>',
    help: 'write the final counters to this file as JSON: requests, retries, failed, items, bytes, duration, per-host figures',
    commands: on('crawl', 'run', 'worker'),
    group: 'general',
  },
];
