// Test helper: a server.conf as a para_server 0.7 user writes it, with every option of
// para_server's synopsis (docs/paraslash/server-options.md §1) except those of the command line
// only (help, detailed-help, version, config-file). `set` replaces or adds lines ("name value").
export function realServerConf(dir: string, set: Record<string, string> = {}): string {
  const lines: [string, string][] = [
    ['priority', '0'],
    ['daemon', ''],
    ['logfile', `"${dir}/server.log"`],
    ['user', 'nobody'],
    ['group', 'nogroup'],
    ['loglevel', 'info'],
    ['log-timing', ''],
    ['color', 'never'],
    ['log-color', '"error:red bold"'],
    ['log-color', '"warning:yellow"'],
    ['listen-address', '127.0.0.1'],
    ['port', '2990'],
    ['user-list', `"${dir}/server.users"`],
    ['autoplay-delay', '100'],
    ['announce-time', '300'],
    ['afs-database-dir', `"${dir}/db"`],
    ['afs-socket', '"/var/paraslash/afs_command_socket"'],
    ['afs-initial-mode', '"m/default"'],
    ['http-listen-address', '127.0.0.1'],
    ['http-port', '8000'],
    ['http-default-deny', ''],
    ['http-access', '"192.168.1.0/24"'],
    ['http-no-autostart', ''],
    ['http-max-clients', '10'],
    ['dccp-listen-address', '127.0.0.1'],
    ['dccp-port', '8000'],
    ['dccp-default-deny', ''],
    ['dccp-access', '"192.168.1.0/24"'],
    ['dccp-no-autostart', ''],
    ['dccp-max-clients', '10'],
    ['dccp-max-slice-size', '1000'],
    ['dccp-data-slices-per-group', '3'],
    ['dccp-slices-per-group', '4'],
    ['udp-target', '"224.0.1.38:8000"'],
    ['udp-default-port', '8000'],
    ['udp-no-autostart', ''],
    ['udp-mcast-iface', 'lo'],
    ['udp-header-interval', '2000'],
    ['udp-ttl', '1'],
  ];
  const out = lines.filter(([name]) => !(name in set)).map(([n, v]) => (v ? `${n} ${v}` : n));
  for (const [n, v] of Object.entries(set)) out.push(v ? `${n} ${v}` : n);
  return `# server.conf of para_server 0.7\n${out.join('\n')}\n`;
}

/** the option names a server.conf of realServerConf sets */
export function confOptionNames(conf: string): string[] {
  return [
    ...new Set(
      conf
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#'))
        .map((l) => l.split(' ')[0]!),
    ),
  ];
}
