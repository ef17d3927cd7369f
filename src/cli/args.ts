/** Minimal, strict argument parser (no dependencies). */

export interface OptionSpec {
  name: string;
  alias?: string;
  /** takes a value */
  value?: boolean;
  /** may be repeated (values collected) */
  multiple?: boolean;
}

export interface Parsed {
  positionals: string[];
  options: Record<string, string | boolean | string[]>;
}

export class ArgError extends Error {}

export function parseArgs(argv: string[], specs: OptionSpec[]): Parsed {
  const byName = new Map<string, OptionSpec>();
  for (const s of specs) {
    byName.set(`--${s.name}`, s);
    if (s.alias) byName.set(`-${s.alias}`, s);
  }
  const positionals: string[] = [];
  const options: Parsed["options"] = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("-") && a !== "-") {
      const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
      const spec = byName.get(flag);
      if (!spec) throw new ArgError(flag);
      let v: string | boolean = true;
      if (spec.value) {
        if (inline !== undefined) v = inline;
        else {
          const next = argv[i + 1];
          if (next === undefined || (next.startsWith("-") && next !== "-")) throw new ArgError(`${flag} <value>`);
          v = next;
          i++;
        }
      }
      if (spec.multiple) {
        const arr = (options[spec.name] as string[] | undefined) ?? [];
        arr.push(String(v));
        options[spec.name] = arr;
      } else options[spec.name] = v;
    } else positionals.push(a);
  }
  return { positionals, options };
}

/** The value of a single-valued option given with a value (undefined when absent or a bare flag). */
export function str(p: Parsed, name: string): string | undefined {
  const v = p.options[name];
  return typeof v === "string" ? v : undefined;
}
