/**
 * Instruction templates for editing, from the service's prompting guide (adding/removing
 * elements, inpainting, style transfer, composition, sketch to asset). `[...]` marks what to fill in.
 */
export interface EditTemplate {
  label: string;
  description: string;
  text: string;
  /** For composing several images rather than editing one. */
  compose?: boolean;
}

export const EDIT_TEMPLATES: readonly EditTemplate[] = [
  {
    label: 'Add an element',
    description: 'Put something new into the scene',
    text: 'Using the provided image, please add [element] to the scene. Ensure the change is seamlessly integrated, matching the original lighting, perspective and style.',
  },
  {
    label: 'Remove an element',
    description: 'Take something out cleanly',
    text: 'Using the provided image, please remove [element] from the scene. Fill the area naturally so that nothing looks edited.',
  },
  {
    label: 'Change only one thing',
    description: 'Keep everything else exactly the same',
    text: 'Using the provided image, change only the [specific element] to [new description]. Keep everything else in the image exactly the same, preserving the original style, lighting, and composition.',
  },
  {
    label: 'Restyle',
    description: 'Same composition, another style',
    text: 'Transform the provided image into the style of [art style]. Preserve the original composition but render it with [description of stylistic elements].',
  },
  {
    label: 'Change the background',
    description: 'Keep the subject, replace what is behind it',
    text: 'Using the provided image, replace the background with [new background]. Keep the subject exactly as it is, with lighting that matches the new background.',
  },
  {
    label: 'Fix or restore a photo',
    description: 'Repair damage, noise, color',
    text: 'Restore the provided photo: remove scratches, dust and noise, correct the colors and sharpen the details, while keeping the people and objects exactly as they are.',
  },
  {
    label: 'Sketch to finished asset',
    description: 'Turn a rough drawing into a polished image',
    text: 'Turn this rough sketch of [subject] into a polished [style description]. Keep the [specific features] from the sketch but add [new details/materials].',
  },
  {
    label: 'Combine elements',
    description: 'Take parts of each image into one scene',
    compose: true,
    text: 'Create a new image by combining the elements from the provided images. Take the [element from image 1] and place it with/on the [element from image 2]. The final image should be [description of the final scene].',
  },
  {
    label: 'Place one onto another',
    description: 'Keep the first image unchanged, add from the second',
    compose: true,
    text: 'Using the provided images, place [element from image 2] onto [element from image 1]. Ensure that the features of [element from image 1] remain completely unchanged. The added element should [how it should integrate].',
  },
];
