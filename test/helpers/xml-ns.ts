/**
 * A namespace-aware well-formedness check for the XML parts we write: every start tag has its end tag, and every
 * element and attribute prefix is bound by an xmlns declaration in scope (the check a strict reader makes; an
 * unbound `r:id` is what makes Excel refuse a file). Returns the problems found (empty = fine).
 */
export function namespaceProblems(xml: string): string[] {
  const problems: string[] = [];
  const scopes: Map<string, string>[] = [new Map([["xml", "http://www.w3.org/XML/1998/namespace"]])];
  const names: string[] = [];
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  const lookup = (prefix: string) => {
    for (let i = scopes.length - 1; i >= 0; i--) if (scopes[i].has(prefix)) return scopes[i].get(prefix);
    return undefined;
  };
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    if (m[2] === undefined) continue;
    const [, close, name, attrText, selfClose] = m;
    if (close) {
      const open = names.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? "nothing"}>`);
      scopes.pop();
      continue;
    }
    const scope = new Map<string, string>();
    const attrs: string[] = [];
    for (const a of attrText.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      const key = a[1];
      const value = a[2] ?? a[3] ?? "";
      if (key === "xmlns") scope.set("", value);
      else if (key.startsWith("xmlns:")) scope.set(key.slice(6), value);
      else attrs.push(key);
    }
    scopes.push(scope);
    const colon = name.indexOf(":");
    if (colon > 0 && lookup(name.slice(0, colon)) === undefined) problems.push(`element <${name}>: prefix "${name.slice(0, colon)}" is not bound`);
    for (const a of attrs) {
      const c = a.indexOf(":");
      if (c > 0 && lookup(a.slice(0, c)) === undefined) problems.push(`attribute ${a} on <${name}>: prefix "${a.slice(0, c)}" is not bound`);
    }
    if (selfClose) scopes.pop();
    else names.push(name);
  }
  if (names.length) problems.push(`unclosed: ${names.join(", ")}`);
  return problems;
}
