// The search page: asks Pagefind (pagefind/pagefind.js) and lists the results, announcing
// how many there are. Results are built as text, so nothing from the index becomes markup.
(function () {
  var form = document.querySelector(".papers-search");
  if (!form) return;
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var base = new URL("../pagefind/pagefind.js", window.location.href).href;
  var engine = null;

  function load() {
    // A large site's index comes in parts (generator/outputs/search.py): merge the others into
    // the first, which lists them in parts.json.
    // Result links are made from the site's own path, so they work wherever it is hosted.
    var site = { baseUrl: new URL("../", base).pathname };
    engine = engine || import(base).then(function (pagefind) {
      return pagefind.options(site).then(function () {
        pagefind.init();
        return fetch(new URL("parts.json", base).href);
      })
        .then(function (response) { return response.ok ? response.json() : { parts: [] }; })
        .then(function (manifest) {
          return Promise.all(manifest.parts.map(function (part) {
            return pagefind.mergeIndex(new URL("../" + part, base).href, site);
          }));
        })
        .then(function () { return pagefind; });
    });
    return engine;
  }

  function plain(html) {
    // DOMParser builds an inert document: nothing in the excerpt can load or run.
    return new DOMParser().parseFromString(html, "text/html").body.textContent;
  }

  function show(query, results) {
    list.textContent = "";
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = (result.meta && result.meta.title) || result.url;
      var excerpt = document.createElement("p");
      excerpt.textContent = plain(result.excerpt || "");
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
  }

  function search(query) {
    query = query.trim();
    if (!query) {
      status.textContent = "";
      list.textContent = "";
      return;
    }
    status.textContent = "Searching for " + query + "…";
    load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (found) {
      return Promise.all(found.results.slice(0, 50).map(function (r) { return r.data(); }))
        .then(function (results) {
          var count = found.results.length;
          status.textContent = count === 0 ? "No results for " + query + "."
            : count + (count === 1 ? " result" : " results") + " for " + query
              + (count > 50 ? ". Showing the first 50." : ".");
          show(query, results);
        });
    }).catch(function () {
      status.textContent = "Search is not available at the moment.";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value;
    history.replaceState(null, "", "?q=" + encodeURIComponent(query));
    search(query);
  });

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
