import type { PresetDefinition, PresetField } from './presets';

/**
 * The built-in presets. Templates follow the structure of the prompting guide's templates
 * (ai.google.dev/gemini-api/docs/image-generation, "Prompting guide and strategies", read 2025-11):
 * stickers and icons ("be explicit about the style"), accurate text ("the text "…" in a … font"),
 * product photography ("studio-lit product photograph … lighting … camera angle"), sequential art
 * ("Make a 3 panel comic in a [style]"), and semantic negatives ("describe the desired scene positively").
 */

const color = (label = 'Main colour'): PresetField => ({ id: 'color', label, type: 'color' });

const iconStyle: PresetField = {
  id: 'style',
  label: 'Style',
  type: 'select',
  default: 'flat',
  options: [
    { value: 'flat', label: 'Flat vector' },
    { value: 'outline', label: 'Outline' },
    { value: 'glossy', label: 'Glossy 3D' },
    { value: 'gradient', label: 'Soft gradient' },
    { value: 'pixel', label: 'Pixel art' },
  ],
};

export const BUILTIN_PRESETS: readonly PresetDefinition[] = [
  {
    id: 'app-icon',
    label: 'App icon',
    group: 'Icons',
    description: 'One bold symbol on a tile, legible at small sizes',
    source: 'builtin',
    fields: [
      iconStyle,
      {
        id: 'shape',
        label: 'Shape',
        type: 'select',
        default: 'rounded-square',
        options: [
          { value: 'rounded-square', label: 'Rounded square' },
          { value: 'circle', label: 'Circle' },
          { value: 'free', label: 'Free-form' },
        ],
      },
      color(),
    ],
    defaults: { aspectRatio: '1:1', background: 'transparent' },
    template:
      'An app icon of {{prompt}}, drawn as a {{shape}} icon in a {{style}} style. One bold, centered symbol fills most ' +
      'of the canvas, with simple shapes, crisp edges and a limited, harmonious colour palette[[ built around {{color}}]]. ' +
      'Soft, even lighting with a subtle gradient. The icon is a purely pictorial, wordless symbol that stays legible at ' +
      '32 pixels, on a plain, empty white background.',
  },
  {
    id: 'favicon',
    label: 'Favicon',
    group: 'Icons',
    description: 'A very simple mark that reads at 16 × 16 pixels',
    source: 'builtin',
    fields: [iconStyle, color()],
    defaults: { aspectRatio: '1:1', background: 'transparent' },
    template:
      'A favicon of {{prompt}}: one extremely simple symbol in a {{style}} style, with thick strokes, two or three flat ' +
      'colours[[ led by {{color}}]] and high contrast, centered and filling the square so it reads clearly at 16 by 16 ' +
      'pixels. The symbol is wordless and pictorial, on a plain, empty white background.',
  },
  {
    id: 'toolbar-icon',
    label: 'Toolbar icons',
    group: 'Icons',
    description: 'A consistent set of small icons in one style',
    source: 'builtin',
    fields: [
      { id: 'count', label: 'Number of icons', type: 'select', required: true, default: '6', options: ['2', '3', '4', '5', '6', '8', '9', '12'] },
      { id: 'icons', label: 'Icons (comma-separated)', type: 'multiline' },
      {
        id: 'style',
        label: 'Style',
        type: 'select',
        default: 'outline',
        options: [
          { value: 'outline', label: 'Outline' },
          { value: 'filled', label: 'Filled' },
          { value: 'duotone', label: 'Duotone' },
        ],
      },
    ],
    defaults: { aspectRatio: '3:2', background: 'transparent' },
    template:
      'A consistent set of {{count}} small toolbar icons for {{prompt}}[[, one each for: {{icons}}]]. Every icon uses the ' +
      'same {{style}} style, the same stroke weight, corner radius and 24-pixel grid, in a single dark grey, so they read as ' +
      'one family. The icons sit in an evenly spaced grid with generous gaps on a plain white background, each a simple, ' +
      'wordless pictogram.',
  },
  {
    id: 'logo',
    label: 'Logo',
    group: 'Brand',
    description: 'A memorable mark, with the brand name spelled exactly',
    source: 'builtin',
    fields: [
      { id: 'name', label: 'Name to show', type: 'text' },
      {
        id: 'style',
        label: 'Style',
        type: 'select',
        default: 'minimalist',
        options: [
          { value: 'minimalist', label: 'Minimalist' },
          { value: 'geometric', label: 'Geometric' },
          { value: 'emblem', label: 'Emblem' },
          { value: 'wordmark', label: 'Wordmark' },
          { value: 'mascot', label: 'Mascot' },
          { value: 'hand-drawn', label: 'Hand-drawn' },
        ],
      },
      color(),
    ],
    defaults: { aspectRatio: '1:1' },
    template:
      'Create a modern, {{style}} logo for {{prompt}}.[[ The logo shows the text "{{name}}" in a clean, bold, sans-serif ' +
      'typeface, spelled exactly as written.]] The design is simple and memorable, with a limited colour scheme' +
      '[[ built around {{color}}]] and crisp vector edges, centered on a plain, empty white background.',
  },
  {
    id: 'diagram',
    label: 'Diagram',
    group: 'Diagrams',
    description: 'Flowcharts, architecture, sequence, ER, network, mind maps, wireframes; paste Mermaid or PlantUML',
    source: 'builtin',
    fields: [
      {
        // No default: with pasted source, the source says what kind it is.
        id: 'kind',
        label: 'Kind',
        type: 'select',
        options: [
          { value: 'flowchart', label: 'Flowchart' },
          { value: 'architecture', label: 'Architecture diagram' },
          { value: 'sequence', label: 'Sequence diagram' },
          { value: 'er', label: 'ER diagram' },
          { value: 'network', label: 'Network diagram' },
          { value: 'mindmap', label: 'Mind map' },
          { value: 'wireframe', label: 'Wireframe' },
        ],
      },
      { id: 'source', label: 'Mermaid or PlantUML source (optional)', type: 'multiline' },
    ],
    defaults: { aspectRatio: '16:9' },
    template:
      'A clear, professional technical diagram[[ ({{kind}})]]: {{prompt}}.[[ Draw exactly the nodes, participants, connections and labels this ' +
      'source defines:\n{{source}}\n]] Clean flat vector style on a plain white background, with labelled boxes and arrows, ' +
      'legible sans-serif text spelled exactly, consistent spacing and alignment, and a restrained colour palette that ' +
      'highlights the main flow.',
  },
  {
    id: 'ui-mockup',
    label: 'UI mockup',
    group: 'Mockups',
    description: 'A high-fidelity screen: web page, mobile screen, dashboard or component',
    source: 'builtin',
    fields: [
      {
        id: 'screen',
        label: 'Screen',
        type: 'select',
        required: true,
        default: 'web',
        options: [
          { value: 'web', label: 'Web page' },
          { value: 'mobile', label: 'Mobile screen' },
          { value: 'dashboard', label: 'Dashboard' },
          { value: 'component', label: 'Component' },
        ],
      },
      { id: 'theme', label: 'Theme', type: 'select', default: 'light', options: ['light', 'dark'] },
      color('Accent colour'),
    ],
    defaults: { aspectRatio: '16:9' },
    template:
      'A high-fidelity user interface mockup of {{prompt}}, shown as a {{screen}} in a {{theme}} theme. A modern, clean ' +
      'design viewed straight-on as a flat screen, with a realistic layout, consistent spacing, readable typography, ' +
      'clear visual hierarchy and a coherent colour scheme[[ with {{color}} as the accent]].',
  },
  {
    id: 'illustration',
    label: 'Illustration',
    group: 'Illustration',
    description: 'Stylized art with a chosen style and mood',
    source: 'builtin',
    fields: [
      {
        id: 'style',
        label: 'Style',
        type: 'select',
        default: 'flat',
        options: [
          { value: 'flat', label: 'Flat vector' },
          { value: 'cel', label: 'Cel-shaded' },
          { value: 'watercolour', label: 'Watercolour' },
          { value: 'isometric', label: 'Isometric' },
          { value: 'line', label: 'Line art' },
          { value: '3d', label: '3D render' },
        ],
      },
      { id: 'mood', label: 'Mood', type: 'select', default: 'cheerful', options: ['cheerful', 'calm', 'dramatic', 'whimsical'] },
      color(),
    ],
    defaults: { aspectRatio: '4:3' },
    template:
      'A stylized digital illustration of {{prompt}} in a {{style}} style, with bold, clean shapes and a vibrant, ' +
      'harmonious colour palette[[ led by {{color}}]]. Soft, even lighting gives it a {{mood}} mood. The subject is ' +
      'clearly framed against a simple, uncluttered background.',
  },
  {
    id: 'sticker',
    label: 'Sticker',
    group: 'Illustration',
    description: 'Die-cut sticker with bold outlines',
    source: 'builtin',
    fields: [
      { id: 'style', label: 'Style', type: 'select', default: 'kawaii', options: ['kawaii', 'cartoon', 'retro', 'minimal'] },
    ],
    defaults: { aspectRatio: '1:1', background: 'transparent' },
    template:
      'A {{style}}-style sticker of {{prompt}}. The design features bold, clean outlines, simple cel-shading and a ' +
      'vibrant colour palette, with a thick white die-cut border around the shape. The background is plain, empty white.',
  },
  {
    id: 'product-shot',
    label: 'Product shot',
    group: 'Photo',
    description: 'Studio-lit product photograph',
    source: 'builtin',
    fields: [
      { id: 'surface', label: 'Surface', type: 'text', default: 'a polished concrete surface' },
      {
        id: 'lighting',
        label: 'Lighting',
        type: 'select',
        default: 'softbox',
        options: [
          { value: 'softbox', label: 'Three-point softbox' },
          { value: 'window', label: 'Soft natural window light' },
          { value: 'rim', label: 'Dramatic rim light' },
        ],
      },
      {
        id: 'angle',
        label: 'Camera angle',
        type: 'select',
        default: 'elevated',
        options: [
          { value: 'elevated', label: 'Slightly elevated 45-degree' },
          { value: 'eye-level', label: 'Eye-level' },
          { value: 'top-down', label: 'Top-down flat lay' },
        ],
      },
    ],
    defaults: { aspectRatio: '1:1' },
    template:
      'A high-resolution, studio-lit product photograph of {{prompt}} on {{surface}}. The lighting is a {{lighting}} ' +
      'setup that shapes the product and shows its materials. The camera angle is a {{angle}} shot to showcase its form. ' +
      'Ultra-realistic, with sharp focus on the key details and a clean, uncluttered backdrop.',
  },
  {
    id: 'photo',
    label: 'Photo',
    group: 'Photo',
    description: 'Photorealistic scene with natural light',
    source: 'builtin',
    fields: [
      { id: 'shot', label: 'Shot', type: 'select', default: 'medium shot', options: ['wide shot', 'medium shot', 'close-up', 'macro shot'] },
      {
        id: 'lighting',
        label: 'Lighting',
        type: 'select',
        default: 'daylight',
        options: [
          { value: 'daylight', label: 'Soft, natural daylight' },
          { value: 'golden', label: 'Golden hour light' },
          { value: 'studio', label: 'Studio lighting' },
          { value: 'low-key', label: 'Moody low-key light' },
        ],
      },
    ],
    defaults: { aspectRatio: '3:2' },
    template:
      'A photorealistic {{shot}} of {{prompt}}. The scene is illuminated by {{lighting}}, captured with a professional ' +
      'camera and lens, with sharp focus on the subject and realistic textures and details.',
  },
  {
    id: 'pattern',
    label: 'Seamless pattern',
    group: 'Illustration',
    description: 'A tile that repeats without visible joins',
    source: 'builtin',
    fields: [
      {
        id: 'style',
        label: 'Style',
        type: 'select',
        default: 'flat',
        options: [
          { value: 'flat', label: 'Flat vector' },
          { value: 'hand-drawn', label: 'Hand-drawn' },
          { value: 'geometric', label: 'Geometric' },
          { value: 'watercolour', label: 'Watercolour' },
        ],
      },
      color(),
    ],
    defaults: { aspectRatio: '1:1' },
    template:
      'A seamless, tileable pattern of {{prompt}} in a {{style}} style[[, in a palette of {{color}} and complementary ' +
      'tones]]. The motifs are evenly spread across the whole square with consistent density and scale, and every edge ' +
      'continues into the opposite edge so the tile repeats with invisible joins. Flat, even lighting.',
  },
  {
    id: 'storyboard',
    label: 'Storyboard',
    group: 'Illustration',
    description: '2–8 panels telling one story with consistent characters',
    source: 'builtin',
    fields: [
      { id: 'panels', label: 'Panels', type: 'select', required: true, default: '4', options: ['2', '3', '4', '5', '6', '7', '8'] },
      {
        id: 'style',
        label: 'Style',
        type: 'select',
        default: 'line',
        options: [
          { value: 'line', label: 'Clean line art' },
          { value: 'comic', label: 'Comic book' },
          { value: 'noir', label: 'Noir ink' },
          { value: 'watercolour', label: 'Watercolour' },
        ],
      },
    ],
    defaults: { aspectRatio: '16:9' },
    template:
      'Make a {{panels}}-panel storyboard in a {{style}} style that tells this story: {{prompt}}. The panels are laid out ' +
      'in reading order with thin white gutters, keep the same characters, clothing and setting from panel to panel, ' +
      'and vary the camera between wide, medium and close-up shots.',
  },
  {
    id: 'blank',
    label: 'No preset',
    group: 'Other',
    description: 'Send the prompt exactly as typed',
    source: 'builtin',
    fields: [],
    defaults: {},
    template: '{{prompt}}',
  },
];
