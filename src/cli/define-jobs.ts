// Declares `trawl jobs` and `trawl jobs rm` (options and help); the work itself is imported only
// when it runs.
import type { Command } from 'commander';

export function defineJobsCommand(program: Command): void {
  const jobs = program
    .command('jobs')
    .description('list the jobs kept under .trawl/ (state, counts, size, last run, what they crawl); jobs rm deletes them')
    .option('--dir <folder>', 'look for jobs in this folder instead of ./.trawl')
    .option('--json', 'one JSON object a line per job: name, state, pending, leased, done, failed, items, bytes, lastRun, kind, …')
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
    .action(async (options: Record<string, unknown>) => {
      const { jobsCommand } = await import('./commands/jobs.js');
      process.exitCode = jobsCommand(options);
    });
  jobs
    .command('rm')
    .description("delete jobs' files (the database, -wal, -shm); a running job is refused")
    .argument('[names...]', 'the jobs to remove, as trawl jobs lists them')
    .option('--finished', 'remove every finished job (failed requests and all)')
    .option('--dir <folder>', 'the jobs folder (default: ./.trawl)')
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
    .action(async (names: string[], options: Record<string, unknown>) => {
      const { jobsRmCommand } = await import('./commands/jobs.js');
      process.exitCode = jobsRmCommand(names, { ...jobs.opts(), ...options });
    });
}
