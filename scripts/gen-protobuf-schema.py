#!/usr/bin/env python3
"""Derives KubeSharp's protobuf wire table (src/KubeSharp.ApiServer/Protobuf/schema.txt) from the protobuf struct tags
of upstream's Go API types. Usage: gen-protobuf-schema.py <k8s.io/api git dir> <k8s.io/apimachinery git dir> > schema.txt

Each line of the output is a fact of the wire format: a message (`M <pkg>.<Type>`) or one of its fields
(`F <number> <json name or -inline> <kind> <flags>`), where kind is a scalar (string, bytes, bool, int32, int64, uint32,
uint64, double, float), `msg:<pkg>.<Type>`, a well-known type (`@Time` …) or `map:<key kind>:<value kind>`, and flags are
`rep` (repeated), `ptr` (a Go pointer: present means set, even when zero) and `omit` (Go's omitempty)."""
import re, subprocess, sys

API, MACHINERY = sys.argv[1], sys.argv[2]
SPECIAL = {
    'resource.Quantity': '@Quantity', 'intstr.IntOrString': '@IntOrString', 'meta/v1.Time': '@Time',
    'meta/v1.MicroTime': '@MicroTime', 'meta/v1.Duration': '@Duration', 'meta/v1.FieldsV1': '@FieldsV1',
    'runtime.RawExtension': '@RawExtension', 'runtime.Unknown': '@RawExtension',
}
BASIC = {'string', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'float64', 'float32', 'int', 'byte', '[]byte'}
PKG_OF_IMPORT = {
    'k8s.io/apimachinery/pkg/apis/meta/v1': 'meta/v1', 'k8s.io/apimachinery/pkg/api/resource': 'resource',
    'k8s.io/apimachinery/pkg/util/intstr': 'intstr', 'k8s.io/apimachinery/pkg/runtime': 'runtime',
    'k8s.io/apimachinery/pkg/types': 'types',
}


def git_files(repo, pattern):
    out = subprocess.run(['git', '-C', repo, 'ls-tree', '-r', '--name-only', 'HEAD'], capture_output=True, text=True, check=True).stdout
    return [f for f in out.split('\n') if re.fullmatch(pattern, f)]


def show(repo, path):
    return subprocess.run(['git', '-C', repo, 'show', 'HEAD:' + path], capture_output=True, text=True, check=True).stdout


sources = []  # (pkg, text)
for f in git_files(API, r'[a-z]+/v[12]/types\.go'):
    sources.append((f.rsplit('/', 1)[0], show(API, f)))
sources.append(('meta/v1', show(MACHINERY, 'pkg/apis/meta/v1/types.go')))

aliases = {}  # (pkg, alias) -> target pkg
typedefs = {('types', 'UID'): 'string', ('types', 'NodeName'): 'string'}
structs = {}  # (pkg, name) -> [field lines]
for pkg, text in sources:
    for m in re.finditer(r'^\s*(\w+\s+)?"([^"]+)"\s*$', text.split('\nimport (', 1)[1].split('\n)', 1)[0] if '\nimport (' in text else '', re.M):
        path = m.group(2)
        target = PKG_OF_IMPORT.get(path) or (path[len('k8s.io/api/'):] if path.startswith('k8s.io/api/') else None)
        if target:
            alias = (m.group(1) or path.rsplit('/', 1)[1]).strip()
            aliases[(pkg, alias)] = target
    for m in re.finditer(r'^type (\w+) ([\w\[\]\.\*]+)\s*$', text, re.M):
        typedefs[(pkg, m.group(1))] = m.group(2)
    for m in re.finditer(r'^type (\w+) struct \{\n(.*?)^\}', text, re.M | re.S):
        structs[(pkg, m.group(1))] = m.group(2)


def qualify(pkg, name):
    if '.' in name:
        alias, n = name.split('.', 1)
        return aliases.get((pkg, alias), alias), n
    return pkg, name


def kind_of(pkg, gotype):
    """The wire kind of a Go element type (no pointer, no slice)."""
    if gotype == '[]byte':
        return 'bytes'
    if gotype in BASIC:
        return {'float64': 'double', 'float32': 'float', 'int': 'int64'}.get(gotype, gotype)
    if gotype.startswith('map['):
        k, v = re.fullmatch(r'map\[([\w\.]+)\](.+)', gotype).groups()
        return 'map:%s:%s' % (kind_of(pkg, k), kind_of(pkg, v.lstrip('*')))
    p, n = qualify(pkg, gotype)
    full = p + '.' + n
    if full in SPECIAL:
        return SPECIAL[full]
    if (p, n) in typedefs:
        return kind_of(p, typedefs[(p, n)])
    if (p, n) in structs:
        return 'msg:' + full
    raise KeyError(full)


FIELD = re.compile(r'^\s*(?:(\w+)\s+)?([\w\.\*\[\]]+(?:\[[\w\.]+\][\w\.\*\[\]]+)?)\s+`([^`]*)`', re.M)
needed, done, lines = [], set(), []
for (pkg, name) in structs:
    needed.append((pkg, name))
while needed:
    pkg, name = needed.pop(0)
    if (pkg, name) in done:
        continue
    done.add((pkg, name))
    fields = []
    for m in FIELD.finditer(structs[(pkg, name)]):
        fname, gotype, tags = m.groups()
        pb = re.search(r'protobuf:"(\w+),(\d+),(opt|rep|req)([^"]*)"', tags)
        if not pb:
            continue
        js = re.search(r'json:"([^"]*)"', tags)
        jname, *opts = (js.group(1) if js else '').split(',')
        if fname is None:  # embedded struct
            inline = jname == ''
        else:
            inline = jname == '' and js is not None
            jname = jname or fname
        ptr = gotype.startswith('*')
        element = gotype.lstrip('*')
        resolved = qualify(pkg, element) if '[' not in element else None
        if resolved in typedefs and typedefs[resolved].startswith('[]') and typedefs[resolved] != '[]byte':
            pkg_of_element, element = resolved[0], typedefs[resolved]
        else:
            pkg_of_element = pkg
        rep = element.startswith('[]') and element != '[]byte'
        if rep:
            element = element[2:].lstrip('*')
        try:
            kind = kind_of(pkg_of_element, element)
        except (KeyError, AttributeError):
            print('skipped %s.%s.%s: unknown type %s' % (pkg, name, jname, element), file=sys.stderr)
            continue
        if kind.startswith('msg:'):
            p, n = kind[4:].split('.', 1)
            needed.append((p, n))
        flags = [f for f, on in (('rep', rep), ('ptr', ptr), ('omit', 'omitempty' in opts)) if on]
        fields.append('F %s %s %s %s' % (pb.group(2), '-inline' if inline else jname, kind, ','.join(flags) or '-'))
    lines.append('M %s.%s' % (pkg, name))
    lines.extend(fields)
print('\n'.join(lines))
