/**
 * The staff console's Ant Design theme. Beyond the primary colour, it darkens the tokens whose
 * defaults fail WCAG 2.1 AA contrast (4.5:1 for text) on white and on the tags' pale backgrounds —
 * found by axe-core in the browser tests: secondary texts (descriptions' labels, statistics' titles,
 * an empty table's note) at 45 % or 25 % black, and the status colours as text on their own light
 * fills (success green, info blue, warning orange, error red). Each value below is ≥ 4.5:1 on white and
 * on its status background.
 */
import type { ThemeConfig } from 'antd';

export const STAFF_THEME: ThemeConfig = {
  token: {
    borderRadius: 4,
    colorPrimary: '#1f5fa8',
    colorInfo: '#1f5fa8',
    colorSuccess: '#2b6e0b',
    colorWarning: '#a24a00',
    colorError: '#c41d1d',
    // The pale fills and borders stay antd's defaults: derived from the darker seeds above they turn grey.
    colorInfoBg: '#e6f4ff',
    colorInfoBorder: '#91caff',
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarningBg: '#fff7e6',
    colorWarningBorder: '#ffd591',
    colorErrorBg: '#fff2f0',
    colorErrorBorder: '#ffccc7',
    // 45 % black (#8c8c8c, 3.4:1) → 62 % (#616161, 6.2:1); 25 % → 56 % (#707070, 4.9:1).
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextQuaternary: 'rgba(0, 0, 0, 0.56)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
  },
};
