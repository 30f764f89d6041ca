// The video channel: the list page, detail pages, the JSON status API guarded by Referer, the
// mp4 files (with byte ranges) and their posters. Shapes follow the site the lesson scraped.
import { randomUUID } from 'node:crypto';
import { assetManifest } from '../assets.js';
import { findVideo, posterBytes, videoFileBytes, videoList, type DemoVideo } from '../data.js';
import { sha256Hex } from '../prng.js';
import { escapeHtml, escapeText, file, html, json, type DemoRequest, type Route } from '../reply.js';

function head(title: string): string {
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>${escapeText(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
</head>`;
}

const NAV = `<div class="head"><div class="logo"><a href="/">梨视频（演示）</a></div>
<ul class="nav"><li><a href="/category_5">生活</a></li><li><a href="/">首页</a></li></ul></div>`;

function posterPath(video: DemoVideo): string {
  return `/poster/${video.id}.png`;
}

function categoryPage(request: DemoRequest): string {
  const items = videoList()
    .map((video, i) => `<li class="categoryem">
<div class="vervideo-bd">
<a href="video_${video.id}" class="vervideo-lilink actplay">
<div class="vervideo-img"><div class="verimg-view"><div class="img" style="background-image: url(${request.base}${posterPath(video)});"></div></div><div class="cm-duration">${video.duration}</div></div>
<div class="vervideo-title">${escapeText(video.title)}</div>
</a>
<div class="actcont-auto"><a href="javascript:;" class="column">${escapeText(video.author)}</a><span class="fav" data-id="${video.id}">${(i * 37 + 12) % 100}</span></div>
</div>
</li>`)
    .join('\n');
  return `${head('生活_梨视频官网-Pear Video')}
<body>
${NAV}
<div class="main-cont">
<div class="category-top"><h2 class="category-title">生活</h2></div>
<div class="category-list-box">
<ul id="listvideoListUl" class="category-list clearfix">
${items}
</ul>
</div>
</div>
<div class="foot">© 演示站点，内容由 trawl 生成</div>
</body>
</html>
`;
}

function detailPage(request: DemoRequest, video: DemoVideo): string {
  const src = `${request.base}${video.mp4Path}`;
  return `${head(`${video.title}_梨视频官网-Pear Video`)}
<body>
${NAV}
<div class="details-main">
<div id="poster" class="main-video-box"><img class="img" src="${request.base}${posterPath(video)}" alt="${escapeHtml(video.title)}"></div>
<div class="box-left clear-mar"><h1 class="video-tt">${escapeText(video.title)}</h1><div class="date">${video.date.slice(0, 4)}-${video.date.slice(4, 6)}-${video.date.slice(6)}</div></div>
</div>
<script type="text/javascript">
var contId="${video.id}",liveStatusUrl="liveStatus.jsp",liveSta="",playSta="1",autoPlay=!1,isLiving=!1,isVrVideo=!1,hdflvUrl="",sdflvUrl="",hdUrl="",sdUrl="",ldUrl="",srcUrl="${src}",vdoUrl=srcUrl,skinRes="/skin",videoCDN="";
</script>
</body>
</html>
`;
}

/** The status API: the real URL with the system time in place of `cont-<id>`, for the right Referer only. */
function videoStatus(request: DemoRequest): ReturnType<typeof json> {
  const systemTime = String(Date.now());
  const contId = request.query.get('contId') ?? '';
  const video = findVideo(contId);
  const referer = request.headers.referer;
  let refererPath: string | undefined;
  try {
    refererPath = referer === undefined ? undefined : new URL(referer, request.base).pathname;
  } catch {
    refererPath = undefined;
  }
  if (!video || refererPath !== `/video_${contId}`) {
    return json({ resultCode: '5', resultMsg: '该文章已经下线！', systemTime });
  }
  const [a, b] = video.numbers;
  return json({
    resultCode: '1',
    resultMsg: 'success',
    reqId: randomUUID(),
    systemTime,
    videoInfo: {
      playSta: '1',
      video_image: `${request.base}${posterPath(video)}`,
      videos: {
        hdUrl: '',
        hdflvUrl: '',
        sdUrl: '',
        sdflvUrl: '',
        srcUrl: `${request.base}/mp4/third/${video.date}/${systemTime}-${a}-${b}-hd.mp4`,
      },
    },
  });
}

function lastModified(video: DemoVideo): string {
  const d = video.date;
  return new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6)), 10, 15, 20)).toUTCString();
}

export const videoRoutes: readonly Route[] = [
  { prefix: '/category_5', matches: (p) => p === '/category_5', handle: (r) => html(categoryPage(r)) },
  {
    prefix: '/video_',
    matches: (p) => p.startsWith('/video_'),
    handle: (r) => {
      const video = findVideo(r.path.slice('/video_'.length));
      return video && html(detailPage(r, video));
    },
  },
  { prefix: '/videoStatus.jsp', matches: (p) => p === '/videoStatus.jsp', handle: videoStatus },
  {
    prefix: '/mp4/',
    matches: (p) => p.startsWith('/mp4/'),
    handle: (r) => {
      const video = videoList().find((v) => v.mp4Path === r.path);
      if (!video) return undefined;
      const sha = assetManifest().files[video.file]?.sha256 ?? sha256Hex(videoFileBytes(video.id));
      return file(videoFileBytes(video.id), 'video/mp4', sha.slice(0, 32), lastModified(video));
    },
  },
  {
    prefix: '/poster/',
    matches: (p) => p.startsWith('/poster/'),
    handle: (r) => {
      const video = findVideo(r.path.slice('/poster/'.length).replace(/\.png$/, ''));
      if (!video || !r.path.endsWith('.png')) return undefined;
      const bytes = posterBytes(video.id);
      return file(bytes, 'image/png', sha256Hex(bytes).slice(0, 32), lastModified(video));
    },
  },
];
