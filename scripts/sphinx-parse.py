#!/usr/bin/env python3
"""The parse-stage forms of rstconv's Sphinx lesson subset, as a docutils
extension: reads RST on stdin (or a file) and prints the parse-stage tree
as pseudo-XML, like ../shared/conformance/docutils-parse.py, with the
Sphinx directives and roles registered the way rstconv's parser makes them.

It is the executable specification of the parse-stage forms that
src/resolve/ consumes (and that src/read/rst/directives/sphinx.rs makes),
and the source of the fixtures in fixtures/resolve/sphinx/.

    scripts/sphinx-parse.py FILE.rst > FILE.parse.pxml
"""
import re
import sys
import types

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Directive, Parser, directives, roles
from docutils.utils import new_document, unescape


# --- node classes named as in sphinx.addnodes -------------------------------
class toctree(nodes.General, nodes.Element): pass
class only(nodes.Element): pass
class versionmodified(nodes.Admonition, nodes.TextElement): pass
class seealso(nodes.Admonition, nodes.Element): pass
class glossary(nodes.Element): pass
class hlist(nodes.Element): pass
class hlistcol(nodes.Element): pass
class centered(nodes.Part, nodes.TextElement): pass
class index(nodes.Invisible, nodes.Inline, nodes.TextElement): pass
class pending_xref(nodes.Inline, nodes.Element): pass
class download_reference(nodes.reference): pass
class literal_strong(nodes.strong): pass


def transform(name):
    """A stand-in transform class whose dotted name is `rstconv.<name>`."""
    module, _, cls = ('rstconv.' + name).rpartition('.')
    return types.new_class(cls, (), {}, lambda ns: ns.update({'__module__': module}))


HIGHLIGHT = transform('sphinx.highlight')
LITERALINCLUDE = transform('sphinx.literalinclude')
INCLUDE = transform('include')


def parse_lines(spec):
    out = []
    for part in spec.split(','):
        part = part.strip()
        if '-' in part:
            a, b = part.split('-', 1)
            out += list(range(int(a or 1), int(b) + 1))
        elif part:
            out.append(int(part))
    return out


def dedent(lines, amount):
    if amount is None:
        amount = min((len(l) - len(l.lstrip()) for l in lines if l.strip()), default=0)
    return [l[amount:] if l[:amount].strip() == '' else l.lstrip() for l in lines]


class CodeBlock(Directive):
    optional_arguments = 1
    has_content = True
    option_spec = {'linenos': directives.flag, 'lineno-start': int,
                   'emphasize-lines': directives.unchanged_required,
                   'caption': directives.unchanged_required, 'name': directives.unchanged,
                   'dedent': directives.unchanged, 'force': directives.flag,
                   'class': directives.class_option}

    def run(self):
        lines = list(self.content)
        if 'dedent' in self.options:
            value = self.options['dedent']
            lines = dedent(lines, int(value) if value.strip() else None)
        code = '\n'.join(lines)
        block = nodes.literal_block(code, code)
        block['language'] = self.arguments[0] if self.arguments else ''
        if 'linenos' in self.options or 'lineno-start' in self.options:
            block['linenos'] = 1
        if 'lineno-start' in self.options:
            block['lineno_start'] = self.options['lineno-start']
        if 'emphasize-lines' in self.options:
            block['highlight_lines'] = [str(n) for n in parse_lines(self.options['emphasize-lines'])]
        block['classes'] += self.options.get('class', [])
        node = block
        if 'caption' in self.options:
            node = nodes.container('', classes=['literal-block-wrapper'])
            caption = nodes.caption(self.options['caption'], self.options['caption'])
            node += caption
            node += block
        self.add_name(node)
        return [node]


class Highlight(Directive):
    required_arguments = 1
    option_spec = {'linenothreshold': int, 'force': directives.flag}

    def run(self):
        details = {'language': self.arguments[0]}
        if 'linenothreshold' in self.options:
            details['linenothreshold'] = self.options['linenothreshold']
        return [nodes.pending(HIGHLIGHT, details)]


class LiteralInclude(Directive):
    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {k: directives.unchanged for k in (
        'language', 'lines', 'start-after', 'end-before', 'start-at', 'end-at', 'pyobject',
        'emphasize-lines', 'caption', 'name', 'encoding', 'class')}
    option_spec.update({'dedent': directives.unchanged, 'linenos': directives.flag,
                        'lineno-start': int, 'lineno-match': directives.flag,
                        'tab-width': int})

    def run(self):
        details = {'path': self.arguments[0]}
        for key, value in self.options.items():
            if key == 'dedent':
                value = int(value) if value.strip() else None
            details[key] = value
        return [nodes.pending(LITERALINCLUDE, details)]


class MathWithLabel(Directive):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {'label': directives.unchanged, 'name': directives.unchanged,
                   'nowrap': directives.flag, 'class': directives.class_option}

    def run(self):
        text = '\n'.join(self.content)
        if self.arguments:
            text = self.arguments[0] + ('\n\n' + text if text else '')
        block = nodes.math_block(text, text)
        out = [block]
        label = self.options.get('label') or self.options.get('name')
        if label:
            block['label'] = label
            target = nodes.target('', '', ids=['equation-' + nodes.make_id(label)])
            self.state.document.note_explicit_target(target)
            out.insert(0, target)
        return out


class TocTree(Directive):
    has_content = True
    option_spec = {'maxdepth': int, 'caption': directives.unchanged_required,
                   'numbered': directives.flag, 'hidden': directives.flag,
                   'glob': directives.flag, 'titlesonly': directives.flag,
                   'name': directives.unchanged}

    def run(self):
        node = toctree()
        node['entries'] = [line.strip() for line in self.content if line.strip()]
        for key in ('maxdepth', 'caption'):
            if key in self.options:
                node[key] = self.options[key]
        for key in ('numbered', 'hidden', 'glob', 'titlesonly'):
            if key in self.options:
                node[key] = 1
        return [node]


class Only(Directive):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self):
        node = only(expr=self.arguments[0])
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


VERSION_LABELS = {'versionadded': ('New in version %s', 'added'),
                  'versionchanged': ('Changed in version %s', 'changed'),
                  'deprecated': ('Deprecated since version %s', 'deprecated')}


class VersionChange(Directive):
    required_arguments = 1
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self):
        label, cls = VERSION_LABELS[self.name]
        node = versionmodified(type=self.name, version=self.arguments[0])
        text = label % self.arguments[0]
        content = nodes.Element()
        if len(self.arguments) == 2:
            inodes, _ = self.state.inline_text(self.arguments[1], self.lineno + 1)
            content += nodes.paragraph(self.arguments[1], '', *inodes)
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, content)
        children = list(content.children)
        if children and isinstance(children[0], nodes.paragraph):
            children[0].insert(0, nodes.inline('', text + ': ', classes=['versionmodified', cls]))
        else:
            children.insert(0, nodes.paragraph('', '', nodes.inline('', text + '.', classes=['versionmodified', cls])))
        node += children
        return [node]


class SeeAlso(Directive):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self):
        node = seealso()
        if self.arguments:
            inodes, _ = self.state.inline_text(self.arguments[0], self.lineno)
            node += nodes.paragraph(self.arguments[0], '', *inodes)
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class Glossary(Directive):
    has_content = True
    option_spec = {'sorted': directives.flag}

    def run(self):
        holder = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, holder)
        node = glossary()
        for child in holder.children:
            if isinstance(child, nodes.definition_list):
                child['classes'].append('glossary')
                for item in child.children:
                    for term in item.findall(nodes.term):
                        term['ids'].append('term-' + nodes.make_id(term.astext()))
            node += child
        return [node]


class HList(Directive):
    has_content = True
    option_spec = {'columns': int}

    def run(self):
        holder = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, holder)
        columns = self.options.get('columns', 2)
        lists = [c for c in holder.children if isinstance(c, nodes.bullet_list)]
        items = list(lists[0].children) if lists else []
        per, more = divmod(len(items), columns)
        node = hlist()
        index = 0
        for column in range(columns):
            count = per + (1 if column < more else 0)
            bullet = nodes.bullet_list(bullet=lists[0]['bullet'] if lists else '*')
            bullet += items[index:index + count]
            index += count
            node += hlistcol('', bullet)
        return [node]


class Centered(Directive):
    required_arguments = 1
    final_argument_whitespace = True

    def run(self):
        inodes, _ = self.state.inline_text(self.arguments[0], self.lineno)
        return [centered(self.arguments[0], '', *inodes)]


class Index(Directive):
    required_arguments = 1
    final_argument_whitespace = True

    def run(self):
        return [index(entries=[a.strip() for a in self.arguments[0].split('\n')])]


class TabularColumns(Directive):
    required_arguments = 1
    final_argument_whitespace = True

    def run(self):
        return []


for name, cls in [('code-block', CodeBlock), ('sourcecode', CodeBlock), ('highlight', Highlight),
                  ('literalinclude', LiteralInclude), ('math', MathWithLabel), ('toctree', TocTree),
                  ('only', Only), ('versionadded', VersionChange),
                  ('versionchanged', VersionChange), ('deprecated', VersionChange),
                  ('seealso', SeeAlso), ('glossary', Glossary), ('hlist', HList),
                  ('centered', Centered), ('index', Index), ('tabularcolumns', TabularColumns)]:
    directives.register_directive(name, cls)


# --- roles --------------------------------------------------------------------
def split_title(text):
    m = re.match(r'^(.+?)\s*(?<!\x00)<(.*?)>$', text, re.S)
    if m:
        return True, unescape(m.group(1)), unescape(m.group(2))
    return False, unescape(text), unescape(text)


def xref_role(domain, reftype, inner='inline', lower=False, parens=False):
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        explicit, title, target = split_title(text)
        shown = title
        if not explicit:
            if target.startswith('~'):
                target = target[1:]
                shown = target.rpartition('.')[2]
            elif target.startswith('!'):
                target = target[1:]
                shown = target
            if parens and not shown.endswith('()'):
                shown += '()'
        if lower:
            target = target.lower()
        node = pending_xref(rawtext, refdomain=domain, reftype=reftype, reftarget=target,
                            refexplicit=1 if explicit else 0, refwarn=1)
        cls = nodes.inline if inner == 'inline' else nodes.literal
        node += cls(rawtext, shown, classes=['xref', domain, f'{domain}-{reftype}'])
        return [node], []
    return role


def simple(cls, classes):
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        return [cls(rawtext, unescape(text), classes=classes)], []
    return role


def emphasised(classes):
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        node = nodes.literal(rawtext, '', classes=classes)
        for part in re.split(r'(\{[^}]*\})', unescape(text)):
            if part.startswith('{') and part.endswith('}'):
                node += nodes.emphasis(part[1:-1], part[1:-1])
            elif part:
                node += nodes.Text(part)
        return [node], []
    return role


def abbr(name, rawtext, text, lineno, inliner, options=None, content=None):
    m = re.match(r'^(.+?)\s*\((.*)\)$', unescape(text), re.S)
    if m:
        return [nodes.abbreviation(rawtext, m.group(1), explanation=m.group(2))], []
    return [nodes.abbreviation(rawtext, unescape(text))], []


def guilabel(name, rawtext, text, lineno, inliner, options=None, content=None):
    text = unescape(text).replace('&&', '\x00').replace('&', '').replace('\x00', '&')
    return [nodes.inline(rawtext, text, classes=['guilabel'])], []


def menuselection(name, rawtext, text, lineno, inliner, options=None, content=None):
    text = unescape(text).replace('-->', '\u2023').replace('&', '')
    return [nodes.inline(rawtext, text, classes=['menuselection'])], []


def download(name, rawtext, text, lineno, inliner, options=None, content=None):
    explicit, title, target = split_title(text)
    node = download_reference(rawtext, reftarget=target)
    node += nodes.literal(rawtext, title, classes=['download'])
    return [node], []


ROLES = {
    'ref': xref_role('std', 'ref', lower=True), 'numref': xref_role('std', 'numref', lower=True),
    'doc': xref_role('std', 'doc'), 'term': xref_role('std', 'term'),
    'eq': xref_role('math', 'eq', inner='literal'),
    'download': download, 'kbd': simple(nodes.literal, ['kbd']), 'abbr': abbr,
    'file': emphasised(['file']), 'samp': emphasised(['samp']),
    'command': simple(literal_strong, ['command']), 'program': simple(literal_strong, ['program']),
    'guilabel': guilabel, 'menuselection': menuselection,
}
for py in ('func', 'class', 'meth', 'mod', 'attr', 'data', 'exc', 'obj'):
    role = xref_role('py', py, inner='literal', parens=py in ('func', 'meth'))
    ROLES[py] = role
    ROLES['py:' + py] = role
for name, fn in ROLES.items():
    roles.register_local_role(name, fn)


def main():
    text = open(sys.argv[1], encoding='utf-8').read() if len(sys.argv) > 1 else sys.stdin.read()
    parser = Parser()
    settings = get_default_settings(Parser)
    settings.warning_stream = ''
    settings.halt_level = 5
    name = sys.argv[1].rsplit('/', 1)[-1] if len(sys.argv) > 1 else 'test data'
    document = new_document(name, settings)
    parser.parse(text, document)
    sys.stdout.write(document.pformat())


if __name__ == '__main__':
    main()
