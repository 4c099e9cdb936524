/* report_cli — the `lifelong report` command (src/main.c hands it the
 * arguments after the command word). */
#ifndef LIFELONG_KPI_REPORT_CLI_H
#define LIFELONG_KPI_REPORT_CLI_H

/* Parses argv (argv[0] is "report") and writes the file. Returns the
 * process exit status: 0, 1 on failure, 2 on misuse. */
int report_command(int argc, char **argv);

#endif
