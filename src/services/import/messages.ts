/**
 * The reasons a row is rejected, in both languages. They go into the rejects report a clerk opens,
 * so they say what is wrong and what to do, and never repeat an ID number (a stored name is shown
 * masked, 张*).
 */
import type { Locale } from '../../rules/index.ts';

export interface ImportText {
  required: string;
  tooLong: (n: number) => string;
  encoding: string;
  control: string;
  notText: string;
  date: string;
  month: string;
  oneOf: (values: readonly string[]) => string;
  flag: string;
  id: { format: string; birthDate: string; checkDigit: string; jsonNumber: string };
  phone: string;
  district: string;
  toBeforeFrom: (from: string) => string;
  beforeBirth: string;
  beforeIssued: string;
  reasonWithoutDate: string;
  futureMonth: string;
  unknownField: string;
  notJson: string;
  notObject: string;
  columns: string;
  nameMismatch: (maskedName: string) => string;
  notRegistered: string;
  recordOtherPerson: string;
  permitOtherPerson: string;
  terminatedAlready: (date: string) => string;
  reasonAlready: string;
}

const zh: ImportText = {
  required: '必填,不能为空',
  tooLong: (n) => `超过 ${n} 个字符`,
  encoding: '含无法识别的字符:文件须为 UTF-8 编码(Excel 请"另存为 CSV UTF-8")',
  control: '含控制字符',
  notText: '应为文字',
  date: '须为真实日期,格式 YYYY-MM-DD',
  month: '须为月份,格式 YYYY-MM',
  oneOf: (values) => `须为 ${values.join('、')} 之一`,
  flag: '须为 0 或 1(JSON 中为 true 或 false)',
  id: {
    format: '身份证号格式不对:应为 18 位,前 17 位为数字,末位为数字或 X',
    birthDate: '身份证号中的出生日期不存在',
    checkDigit: '身份证号校验位不对,请核对是否抄错',
    jsonNumber: '身份证号须写成带引号的文字:写成数字会丢失末几位',
  },
  phone: '不是手机号:应为 11 位数字,以 1 开头',
  district: '须为六位行政区划代码,如 330106',
  toBeforeFrom: (from) => `早于开始日期 from (${from})`,
  beforeBirth: '早于身份证号中的出生日期',
  beforeIssued: '早于发证日期 issued_on',
  reasonWithoutDate: '有终止原因但没有终止日期 terminated_on',
  futureMonth: '晚于本月:不能登记尚未到来的月份',
  unknownField: '未知字段',
  notJson: '这一行不是合法的 JSON',
  notObject: '这一行不是 JSON 对象 { … }',
  columns: '列数与表头不一致(是否有未加引号的逗号?)',
  nameMismatch: (masked) => `与该身份证号已登记的姓名 (${masked}) 不一致;未覆盖,如需更正请到窗口办理`,
  notRegistered: '该身份证号在本系统中没有登记:请先导入居住登记',
  recordOtherPerson: '该登记记录号 (record_id) 已属于另一身份证号',
  permitOtherPerson: '该居住证号 (permit_no) 已属于另一身份证号',
  terminatedAlready: (date) => `该居住证已登记终止于 ${date};终止日期只登记一次,未修改`,
  reasonAlready: '该居住证已登记了另一终止原因;只登记一次,未修改',
};

const en: ImportText = {
  required: 'required, must not be empty',
  tooLong: (n) => `longer than ${n} characters`,
  encoding: 'contains unreadable characters: the file must be UTF-8 (in Excel, "Save as CSV UTF-8")',
  control: 'contains control characters',
  notText: 'must be text',
  date: 'must be a real date written YYYY-MM-DD',
  month: 'must be a month written YYYY-MM',
  oneOf: (values) => `must be one of ${values.join(', ')}`,
  flag: 'must be 0 or 1 (in JSON, true or false)',
  id: {
    format: 'not an ID number: 18 characters, 17 digits then a digit or X',
    birthDate: 'the birth date inside the ID number does not exist',
    checkDigit: 'the check digit of the ID number is wrong; check for a typo',
    jsonNumber: 'the ID number must be a quoted string: as a JSON number its last digits are lost',
  },
  phone: 'not a mobile number: 11 digits starting with 1',
  district: 'must be a six-digit administrative code such as 330106',
  toBeforeFrom: (from) => `is before from (${from})`,
  beforeBirth: 'is before the birth date in the ID number',
  beforeIssued: 'is before issued_on',
  reasonWithoutDate: 'a termination reason without terminated_on',
  futureMonth: 'is after the current month',
  unknownField: 'unknown field',
  notJson: 'this line is not valid JSON',
  notObject: 'this line is not a JSON object { … }',
  columns: 'the number of cells differs from the header (an unquoted comma?)',
  nameMismatch: (masked) => `differs from the name registered for this ID number (${masked}); not overwritten, corrections go through a window`,
  notRegistered: 'this ID number is not registered in jifen: import the residence registrations first',
  recordOtherPerson: 'this record_id already belongs to another ID number',
  permitOtherPerson: 'this permit_no already belongs to another ID number',
  terminatedAlready: (date) => `this permit is already recorded as terminated on ${date}; a termination is recorded once, not changed`,
  reasonAlready: 'this permit already has another termination reason; recorded once, not changed',
};

export const IMPORT_TEXT: Record<Locale, ImportText> = { 'zh-CN': zh, en };
