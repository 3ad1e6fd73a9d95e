/**
 * HTML to paragraphs of text through parse5, the WHATWG parser (linear in
 * its input): page chrome, scripts, styles and embedded media dropped, one
 * paragraph per block element. Used for HTML files and for the HTML inside
 * Markdown.
 */
import { parse, parseFragment, type DefaultTreeAdapterMap } from 'parse5';

type HtmlNode = DefaultTreeAdapterMap['node'];
type HtmlElement = DefaultTreeAdapterMap['element'];

/** Elements whose content is never document text: page chrome, code, embedded media. */
const SKIPPED_ELEMENTS = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'nav',
  'footer',
  'aside',
  'form',
  'iframe',
  'object',
  'canvas',
  'button',
  'select',
]);
/** Elements that start a new paragraph. */
const BLOCK_ELEMENTS = new Set([
  'address',
  'article',
  'blockquote',
  'body',
  'br',
  'caption',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);

function isElement(node: HtmlNode): node is HtmlElement {
  return 'tagName' in node;
}

function childrenOf(node: HtmlNode): readonly HtmlNode[] {
  return 'childNodes' in node ? node.childNodes : [];
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Containers that can be a menu, a table of contents or a link bar. */
const NAVIGABLE = new Set(['ul', 'ol', 'dl', 'table', 'tr', 'td', 'div', 'section', 'header', 'menu', 'p', 'center']);
const NAV_NAME = /(?:^|[\s_-])(?:nav|navbar|navigation|menu|toc|breadcrumbs?|sidebar)(?:$|[\s_-])/i;
// Readability-style link density: a block of at least this many links whose text is mostly link text is navigation.
const NAV_MIN_LINKS = 3;
const NAV_LINK_SHARE = 0.6;

function attribute(element: HtmlElement, name: string): string {
  return element.attrs.find((a) => a.name === name)?.value ?? '';
}

/**
 * Elements that are navigation rather than text: named so (role, id, class), or
 * blocks whose text is mostly links (menus, tables of contents). Measured
 * bottom-up in one iterative pass.
 */
function navigationOf(root: HtmlNode): Set<HtmlNode> {
  const nav = new Set<HtmlNode>();
  const size = new Map<HtmlNode, { text: number; linked: number; links: number }>();
  const stack: { node: HtmlNode; done: boolean }[] = [{ node: root, done: false }];
  while (stack.length > 0) {
    const top = stack.pop() as { node: HtmlNode; done: boolean };
    const { node } = top;
    if (!top.done) {
      stack.push({ node, done: true });
      for (const child of childrenOf(node)) stack.push({ node: child, done: false });
      continue;
    }
    if (node.nodeName === '#text' && 'value' in node) {
      const text = node.value.replace(/\s+/g, '').length;
      size.set(node, { text, linked: 0, links: 0 });
      continue;
    }
    const total = { text: 0, linked: 0, links: 0 };
    for (const child of childrenOf(node)) {
      const s = size.get(child);
      if (!s) continue;
      total.text += s.text;
      total.linked += s.linked;
      total.links += s.links;
      size.delete(child);
    }
    if (isElement(node)) {
      if (node.tagName === 'a' && attribute(node, 'href') !== '') {
        total.linked = total.text;
        total.links += 1;
      }
      const named =
        attribute(node, 'role') === 'navigation' || NAV_NAME.test(attribute(node, 'id')) || NAV_NAME.test(attribute(node, 'class'));
      const linkHeavy = NAVIGABLE.has(node.tagName) && total.links >= NAV_MIN_LINKS && total.linked >= NAV_LINK_SHARE * total.text;
      if (named || linkHeavy) nav.add(node);
    }
    size.set(node, total);
  }
  return nav;
}

/** Text of a subtree, one paragraph per block element; iterative, so deep nesting cannot overflow the stack. */
function paragraphsOf(root: HtmlNode): string[] {
  const navigation = navigationOf(root);
  const paragraphs: string[] = [];
  let current = '';
  const flush = () => {
    const text = collapse(current);
    if (text !== '') paragraphs.push(text);
    current = '';
  };
  // Nodes still to visit; `null` marks the end of a block element.
  const stack: (HtmlNode | null)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as HtmlNode | null;
    if (node === null) {
      flush();
      continue;
    }
    if (node.nodeName === '#text' && 'value' in node) {
      current += node.value;
      continue;
    }
    if (isElement(node)) {
      if (SKIPPED_ELEMENTS.has(node.tagName) || navigation.has(node)) continue;
      if (BLOCK_ELEMENTS.has(node.tagName)) {
        flush();
        stack.push(null);
      }
    }
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as HtmlNode);
  }
  flush();
  return paragraphs;
}

/** The first element of this name in document order. */
function findElement(root: HtmlNode, tagName: string): HtmlElement | undefined {
  const stack: HtmlNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as HtmlNode;
    if (isElement(node) && node.tagName === tagName) return node;
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as HtmlNode);
  }
  return undefined;
}

/** A whole page: its paragraphs and its title (`<title>`, else the first `<h1>`). */
export function htmlToText(raw: string): { paragraphs: string[]; title?: string } {
  const document = parse(raw);
  const titleElement = findElement(document, 'title') ?? findElement(document, 'h1');
  const title = titleElement ? collapse(titleElement.childNodes.map((n) => paragraphsOf(n).join(' ')).join(' ')) : '';
  const paragraphs = paragraphsOf(document);
  return title ? { paragraphs, title } : { paragraphs };
}

/** The text of a snippet (HTML inside Markdown), on one line. */
export function htmlSnippetText(html: string): string {
  return paragraphsOf(parseFragment(html)).join(' ');
}
