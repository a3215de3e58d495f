// station and setstation: the public station's settings (name, description, artwork, which
// public routes answer and what they publish). The options are the defaults; what setstation
// stores wins over them until it is set back to `default`.
import { z } from 'zod';
import { ParaError } from '../../errors.js';
import type { StationEdit, StationSettings, StoredStation } from '../../station/index.js';
import { permBits } from '../perms.js';
import { noArgs } from '../schema.js';
import type { Services } from '../types.js';
import { defineCommand } from '../types.js';

function station(services: Services, cmd: string) {
  const s = services.station;
  if (!s) throw new ParaError('E_UNSUPPORTED', `${cmd}: only a running para_server has a station`);
  return s;
}

interface StationOutput {
  settings: StationSettings;
  /** what setstation stored; null: the option's value applies */
  stored: StoredStation;
  /** the artwork names an image blob that exists */
  artworkFound: boolean;
}

function output(services: Services, cmd: string): StationOutput {
  const s = station(services, cmd);
  return {
    settings: s.store.get(),
    stored: s.store.stored(),
    artworkFound: s.artworkId() !== undefined,
  };
}

const onOff = (b: boolean): string => (b ? 'on' : 'off');

function render(out: StationOutput): string {
  const { settings: s, stored } = out;
  const from = (key: keyof StoredStation): string => (stored[key] === null ? ' (option)' : '');
  return [
    `name: ${s.name}${from('name')}`,
    `description: ${s.description}${from('description')}`,
    `artwork: ${s.artwork ?? '(none)'}${from('artwork')}${s.artwork && !out.artworkFound ? ' [no such image]' : ''}`,
    `public: ${onOff(s.publicOn)}${from('publicOn')}`,
    `listeners: ${onOff(s.showListeners)}${from('showListeners')}`,
    `next: ${onOff(s.showNext)}${from('showNext')}`,
  ]
    .map((l) => `${l}\n`)
    .join('');
}

export const stationCommand = defineCommand({
  name: 'station',
  summary: '(paraweb) show the public station settings',
  synopsis: 'station',
  description:
    'Prints the settings of the public station (/listen, /api/nowplaying): "(option)" marks a value that comes from the server options.',
  perms: permBits('VSS_READ'),
  kind: 'query',
  options: [],
  input: z.object({ args: noArgs }),
  run: ({ services }) => Promise.resolve(output(services, 'station')),
  render,
});

const text = (max: number) => z.string().max(max, `at most ${max} characters`).optional();
const toggle = z
  .enum(['on', 'off', 'default'], { message: 'must be on, off or default' })
  .optional();

const toBool = (v: 'on' | 'off' | 'default' | undefined): boolean | null | undefined =>
  v === undefined ? undefined : v === 'default' ? null : v === 'on';
const toText = (v: string | undefined): string | null | undefined =>
  v === undefined ? undefined : v.trim() === '' ? null : v.trim();

export const setstationCommand = defineCommand({
  name: 'setstation',
  summary: '(paraweb) change the public station settings',
  synopsis:
    'setstation [--name=text] [--description=text] [--artwork=image] [--public=on|off|default] [--listeners=on|off|default] [--next=on|off|default]',
  description:
    'An empty text, or the value default, returns a setting to the server option. --public=off makes every public route answer 404 (--public-off does that for good). --artwork names an image (addimg).',
  perms: permBits('VSS_READ', 'VSS_WRITE'),
  kind: 'mutation',
  options: [
    { key: 'name', long: 'name', arg: 'required', help: 'station name' },
    { key: 'description', long: 'description', arg: 'required', help: 'station description' },
    { key: 'artwork', long: 'artwork', arg: 'required', help: 'image blob shown as artwork' },
    { key: 'public', long: 'public', arg: 'required', help: 'the public routes: on, off, default' },
    { key: 'listeners', long: 'listeners', arg: 'required', help: 'publish the listener count' },
    { key: 'next', long: 'next', arg: 'required', help: 'publish the next file' },
  ],
  input: z.object({
    name: text(100),
    description: text(1000),
    artwork: text(255),
    public: toggle,
    listeners: toggle,
    next: toggle,
    args: noArgs,
  }),
  async run({ services }, input) {
    const s = station(services, 'setstation');
    const edit: StationEdit = {
      name: toText(input.name),
      description: toText(input.description),
      artwork: toText(input.artwork),
      publicOn: toBool(input.public),
      showListeners: toBool(input.listeners),
      showNext: toBool(input.next),
    };
    const artwork = edit.artwork;
    if (artwork && services.afs.blobs.img.idOf(artwork) === undefined)
      throw new ParaError('E_NOT_FOUND', `artwork: no image named ${artwork}`);
    await s.store.update(edit);
    return output(services, 'setstation');
  },
  render,
});
