// The video channel's truth: which videos /category_5 lists, where each mp4 lives, and the
// bytes each mp4 URL must serve (committed files under assets/demo/mp4/, one per video).
import { assetBytes, assetManifest } from '../assets.js';

export interface DemoVideo {
  /** Seven-digit content id, as on the real site (`contId`). */
  readonly id: string;
  readonly title: string;
  /** Length shown on the list page, e.g. "00:06". */
  readonly duration: string;
  readonly author: string;
  /** `/video_<id>`: the detail page. */
  readonly pagePath: string;
  /** `/mp4/third/<date>/cont-<id>-<n>-<n>-hd.mp4`: the real file (root-relative). */
  readonly mp4Path: string;
  /** The date folder and the two numbers of the mp4 name. */
  readonly date: string;
  readonly numbers: readonly [string, string];
  /** Committed file, relative to assets/demo/. */
  readonly file: string;
}

const VIDEOS: readonly (readonly [string, string, string, string, string, string])[] = [
  ['1737592', '网友拍到罕见“日晕”奇观，持续近一小时', '20210805', '11463277', '101520', '天气君'],
  ['1737631', '分形之美：放大一百万倍后看到了什么', '20210805', '11463301', '101607', '数学漫游'],
  ['1737688', '生命游戏：简单规则如何演化出复杂世界', '20210806', '11463392', '101744', '科学小站'],
  ['1737702', '老师傅修复40年前的老电视，画面重现/网友：满满回忆', '20210806', '11463418', '101802', '城市记忆'],
  ['1737745', '城市夜跑指南，跑前跑后这些事要注意', '20210807', '11463475', '101931', '运动健康'],
];

const list: readonly DemoVideo[] = VIDEOS.map(([id, title, date, a, b, author]) => ({
  id,
  title,
  duration: '00:06',
  author,
  pagePath: `/video_${id}`,
  mp4Path: `/mp4/third/${date}/cont-${id}-${a}-${b}-hd.mp4`,
  date,
  numbers: [a, b] as const,
  file: `mp4/${id}.mp4`,
}));

/** Every video of /category_5, in page order. */
export function videoList(): readonly DemoVideo[] {
  return list;
}

export function findVideo(id: string): DemoVideo | undefined {
  return list.find((video) => video.id === id);
}

function mustFind(id: string): DemoVideo {
  const video = findVideo(id);
  if (!video) throw new Error(`no demo video ${id}`);
  return video;
}

/** The exact bytes `<base><mp4Path>` serves for video `id`. */
export function videoFileBytes(id: string): Buffer {
  return assetBytes(mustFind(id).file);
}

/** sha256 (hex) of the mp4 of video `id`, from the committed manifest. */
export function videoFileSha256(id: string): string {
  const entry = assetManifest().files[mustFind(id).file];
  if (!entry) throw new Error(`demo manifest lacks ${mustFind(id).file}`);
  return entry.sha256;
}
