// The novel API's truth: the lesson's book (book_id "4306063500", 西游记), its catalog and the
// text of every chapter. Titles are the classic ones; chapter text is generated (novel-text.ts).
import { chapterText } from './novel-text.js';

export const NOVEL_BOOK_ID = '4306063500';

export interface NovelChapter {
  readonly title: string;
  /** Chapter id alone; the chapter API takes it as "<book_id>|<cid>". */
  readonly cid: string;
}

export interface NovelBook {
  readonly bookId: string;
  readonly name: string;
  readonly author: string;
  readonly chapters: readonly NovelChapter[];
}

const TITLES = [
  '第一回 灵根孕育源流出 心性修持大道生',
  '第二回 悟彻菩提真妙理 断魔归本合元神',
  '第三回 四海千山皆拱伏 九幽十类尽除名',
  '第四回 官封弼马心何足 名注齐天意未宁',
  '第五回 乱蟠桃大圣偷丹 反天宫诸神捉怪',
  '第六回 观音赴会问原因 小圣施威降大圣',
  '第七回 八卦炉中逃大圣 五行山下定心猿',
  '第八回 我佛造经传极乐 观音奉旨上长安',
  '第九回 袁守诚妙算无私曲 老龙王拙计犯天条',
  '第十回 二将军宫门镇鬼 唐太宗地府还魂',
  '第十一回 还受生唐王遵善果 度孤魂萧瑀正空门',
  '第十二回 玄奘秉诚建大会 观音显象化金蝉',
  '第十三回 陷虎穴金星解厄 双叉岭伯钦留僧',
  '第十四回 心猿归正 六贼无踪',
  '第十五回 蛇盘山诸神暗佑 鹰愁涧意马收缰',
  '第十六回 观音院僧谋宝贝 黑风山怪窃袈裟',
];

const BOOK: NovelBook = {
  bookId: NOVEL_BOOK_ID,
  name: '西游记',
  author: '吴承恩',
  chapters: TITLES.map((title, i) => ({ title, cid: String(1569782244 + i * 7919) })),
};

/** The catalog of `bookId` (only the lesson's book exists), or undefined. */
export function novelBook(bookId: string): NovelBook | undefined {
  return bookId === NOVEL_BOOK_ID ? BOOK : undefined;
}

/** The catalog items exactly as getCatalog lists them: [{ title, cid }] in reading order. */
export function novelCatalog(bookId: string): readonly NovelChapter[] {
  return novelBook(bookId)?.chapters ?? [];
}

const texts = new Map<string, string>();

/** The `content` getChapterContent returns for chapter `cid` (bare cid or "<book>|<cid>"). */
export function chapterContent(bookId: string, cid: string): string | undefined {
  const bare = cid.startsWith(`${bookId}|`) ? cid.slice(bookId.length + 1) : cid;
  const chapter = novelBook(bookId)?.chapters.find((c) => c.cid === bare);
  if (!chapter) return undefined;
  let text = texts.get(bare);
  if (text === undefined) {
    text = chapterText(bookId, bare, chapter.title);
    texts.set(bare, text);
  }
  return text;
}
