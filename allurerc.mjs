// Allure Report 3 configuration for `npm run report:allure`: one self-contained HTML file.
export default {
  name: 'scim-conformance',
  output: './reports/allure-report',
  plugins: {
    awesome: { options: { singleFile: true, reportName: 'scim-conformance', groupBy: ['epic', 'feature', 'story'] } },
  },
};
