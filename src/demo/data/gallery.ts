// The image gallery's truth: 5 list pages of lazy-loaded images, and each image's PNG bytes,
// drawn in code (a gradient under a grid of coloured blocks, different for every image).
import { encodePng } from '../png.js';
import { hash32, pick, prng, sha256Hex } from '../prng.js';

export const GALLERY_PAGES = 5;
export const IMAGES_PER_PAGE = 12;
const WIDTH = 160;
const HEIGHT = 100;

export interface GalleryImage {
  /** File name, unique across all pages, e.g. "p1-01-3fa9c2.png". */
  readonly name: string;
  /** Root-relative URL of the full image (data-original holds `<base><path>`). */
  readonly path: string;
  /** The `alt` text (Chinese), unique across all pages. */
  readonly alt: string;
  readonly width: number;
  readonly height: number;
}

/** The lazy-load placeholder every `<img src>` points at. */
export const PLACEHOLDER_PATH = '/static/images/lazy.png';

const SUBJECTS = ['雪山', '湖泊', '森林', '海岸', '草原', '沙漠', '古镇', '星空', '花海', '峡谷', '稻田', '灯塔'];
const MOODS = ['清晨', '黄昏', '雨后', '初雪', '盛夏', '深秋'];

function build(page: number): GalleryImage[] {
  return Array.from({ length: IMAGES_PER_PAGE }, (_, i) => {
    const tag = hash32(`gallery:${page}:${i}`).toString(16).padStart(8, '0').slice(0, 6);
    const index = String(i + 1).padStart(2, '0');
    const name = `p${page}-${index}-${tag}.png`;
    const alt = `${MOODS[(page - 1) % MOODS.length]}的${SUBJECTS[i]} 第${page}组${index}号 4K壁纸`;
    return { name, path: `/uploads/allimg/230815/${name}`, alt, width: WIDTH, height: HEIGHT };
  });
}

const pages = new Map<number, GalleryImage[]>();

/** The images of list page `page` (1..GALLERY_PAGES) in page order; [] for any other page. */
export function galleryImages(page: number): readonly GalleryImage[] {
  if (!Number.isInteger(page) || page < 1 || page > GALLERY_PAGES) return [];
  let images = pages.get(page);
  if (!images) {
    images = build(page);
    pages.set(page, images);
  }
  return images;
}

export function findGalleryImage(name: string): GalleryImage | undefined {
  const match = /^p(\d+)-(\d\d)-[0-9a-f]{6}\.png$/.exec(name);
  if (!match) return undefined;
  return galleryImages(Number(match[1])).find((image) => image.name === name);
}

const bytesCache = new Map<string, Buffer>();

function draw(seed: string, width: number, height: number, plain: boolean): Buffer {
  const random = prng(hash32(seed));
  const base = [random() * 255, random() * 255, random() * 255];
  const palette = Array.from({ length: 6 }, () => [random() * 255, random() * 255, random() * 255].map(Math.round));
  const blocks = Array.from({ length: 24 }, () => pick(random, palette));
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      const block = blocks[Math.floor(y / (height / 4)) * 6 + Math.floor(x / (width / 6))] as number[];
      const inBlock = !plain && (x % 16) > 3 && (x % 16) < 13 && (y % 16) > 3 && (y % 16) < 13;
      for (let c = 0; c < 3; c++) {
        const gradient = ((base[c] as number) + (x + y) * (c + 1)) % 256;
        rgb[at + c] = plain ? 200 : inBlock ? (block[c] as number) : gradient;
      }
    }
  }
  return encodePng(width, height, rgb);
}

/** The PNG bytes served at `image.path`. */
export function galleryImageBytes(name: string): Buffer | undefined {
  const image = findGalleryImage(name);
  if (!image) return undefined;
  let bytes = bytesCache.get(name);
  if (!bytes) {
    bytes = draw(`image:${name}`, image.width, image.height, false);
    bytesCache.set(name, bytes);
  }
  return bytes;
}

export function galleryImageSha256(name: string): string | undefined {
  const bytes = galleryImageBytes(name);
  return bytes && sha256Hex(bytes);
}

let placeholder: Buffer | undefined;
export function placeholderBytes(): Buffer {
  placeholder ??= draw('placeholder', WIDTH, HEIGHT, true);
  return placeholder;
}

/** A small poster for a video (the list page's thumbnails and videoStatus's video_image). */
export function posterBytes(videoId: string): Buffer {
  let bytes = bytesCache.get(`poster:${videoId}`);
  if (!bytes) {
    bytes = draw(`poster:${videoId}`, 160, 90, false);
    bytesCache.set(`poster:${videoId}`, bytes);
  }
  return bytes;
}
