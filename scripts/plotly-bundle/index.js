'use strict';
// plotly.js with the traces Kommunekart draws: the geo map (choropleth, scattergeo) and the
// survey's charts (bar, scatter); built from the npm package plotly.js (scripts/build-plotly.sh).
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/scattergeo'),
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/bar'),  // scatter comes with the core
]);
module.exports = Plotly;
