// Chinese names of the API's ids. Severities and categories mirror scanner/finding.cc; stages
// and roles docs/api.md.
export const SEVERITIES = [
  ['critical', '严重'], ['major', '重要'], ['minor', '一般'], ['info', '提示'],
];
export const CATEGORIES = [
  ['typo', '错别字'], ['expression', '严重表述错误'], ['sensitive', '敏感词'],
  ['privacy', '个人信息'], ['secrecy', '涉密标识'], ['punctuation', '标点符号'],
  ['format', '格式规范'], ['link', '链接'], ['consistency', '数据一致性'],
];
export const STAGES = [
  ['draft', '草稿'], ['review1', '初审'], ['review2', '复审'], ['review3', '终审'],
  ['approved', '可发布'], ['published', '已发布'],
];
export const ROLES = [
  ['editor', '编辑'], ['reviewer1', '初审人'], ['reviewer2', '复审人'], ['reviewer3', '终审人'],
  ['admin', '管理员'],
];
export const STATUSES = [
  ['open', '待处理'], ['accepted', '不是错误'], ['deferred', '暂缓'], ['fixed', '已修改'],
];

const maps = new Map();
function nameOf(list, id) {
  if (!maps.has(list)) maps.set(list, new Map(list));
  return maps.get(list).get(id) || id || '';
}
export const severityName = (id) => nameOf(SEVERITIES, id);
export const categoryName = (id) => nameOf(CATEGORIES, id);
export const stageName = (id) => nameOf(STAGES, id);
export const roleName = (id) => nameOf(ROLES, id);
export const statusName = (id) => nameOf(STATUSES, id);
export const severityRank = (id) => {
  const i = SEVERITIES.findIndex(([s]) => s === id);
  return i < 0 ? SEVERITIES.length : i;
};
export const categoryRank = (id) => {
  const i = CATEGORIES.findIndex(([c]) => c === id);
  return i < 0 ? CATEGORIES.length : i;
};

// Audit log actions (review/review_service.cc) in Chinese; an unknown one shows its id.
export const ACTIONS = [
  ['login', '登录'], ['login-failed', '登录失败'], ['login-throttled', '登录受限'], ['logout', '退出登录'],
  ['draft-create', '新建稿件'], ['version-add', '上传新版本'], ['submit', '提交初审'],
  ['sign', '签署'], ['sign-password-failed', '终审密码错误'], ['send-back', '退回修改'],
  ['publish', '发布'], ['decide', '处理问题'], ['comment', '评论'],
  ['user-create', '添加用户'], ['user-passwd', '修改密码'], ['user-disable', '停用用户'],
  ['unit-create', '添加单位'], ['token-create', '创建令牌'], ['token-revoke', '吊销令牌'],
  ['audit-export', '导出审计日志'],
];
export const actionName = (id) => nameOf(ACTIONS, id);

// What a link finding says of a link (site/link_checks.h); a link with none is fine.
export const LINK_PROBLEMS = [
  ['link-dead', '死链'], ['link-unverified', '无法验证'], ['link-tls', '证书问题'],
  ['link-hidden', '暗链'], ['link-blocklisted', '黑名单网站'], ['link-turned-bad', '内容已变质'],
  ['link-private-address', '内网地址'], ['link-bad-redirect', '异常跳转'],
  ['link-external', '外部网站'], ['link-script', '脚本链接'],
];
export const linkProblemName = (id) => nameOf(LINK_PROBLEMS, id);
