// Declares `trawl jobs` and `trawl jobs rm` (their options come from the schema); the work itself
// is imported only when it runs.
import type { Command } from 'commander';
import { commandSettings } from './command-settings.js';
import { addSchemaOptions } from './flags.js';

export function defineJobsCommand(program: Command): void {
  const jobs = addSchemaOptions(
    program.command('jobs').description('list the jobs kept under .trawl/ (state, counts, size, last run, what they crawl); jobs rm deletes them'),
    'jobs',
  );
  jobs
    .addHelpText(
      'after',
      `
States: running      a live trawl process holds the job (its pid is shown)
        finished     nothing pending or leased (failed requests may remain: --job <name> --retry-failed)
        stopped      requests wait (Ctrl-C, --max-pages): --job <name> continues it
        interrupted  requests still leased by a process that was killed: --job <name> resumes it
        unreadable   not a trawl job file, or one from a newer trawl
SIZE is the job's database with its -wal and -shm files; LAST RUN the newest of their times and
the workers' heartbeats; CRAWLS the command that made it and its first start URL.

Examples:
  trawl jobs
  trawl jobs --json | jq -r 'select(.state == "finished") | .name'
  trawl jobs rm shop
  trawl jobs rm --finished
  trawl jobs --dir ../other-project/.trawl

Exit status: 0 listed or removed, 2 bad input (no such job, a running job, a bad option), 1 an error.`,
    )
    .action(async (_flags: unknown, command: Command) => {
      const options = commandSettings(command, 'jobs');
      const { jobsCommand } = await import('./commands/jobs.js');
      process.exitCode = jobsCommand(options);
    });
  addSchemaOptions(
    jobs
      .command('rm')
      .description("delete jobs' files (the database, -wal, -shm); a running job is refused")
      .argument('[names...]', 'the jobs to remove, as trawl jobs lists them'),
    'jobs rm',
  )
    .addHelpText(
      'after',
      `
Items and files a job wrote (-o, -d) are kept; only its state goes, so the same --job name then
starts afresh.

Examples:
  trawl jobs rm shop novel
  trawl jobs rm --finished

Exit status: 0 removed (or nothing to remove), 2 no such job or a running one (nothing is removed),
1 an error.`,
    )
    .action(async (names: string[], _flags: unknown, command: Command) => {
      // --dir may come before rm (trawl jobs --dir x rm a) or after it.
      const options = { ...commandSettings(jobs, 'jobs'), ...commandSettings(command, 'jobs rm') };
      const { jobsRmCommand } = await import('./commands/jobs.js');
      process.exitCode = jobsRmCommand(names, options);
    });
}
