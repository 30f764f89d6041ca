// Placeholder: the CLI entry (replaced by the real command table).
process.stdout.write('trawl\n');
