-- bench/cluster.sh's page views: every tenant menu in turn, signed in.
local paths = {
  "/", "/mon-compte", "/paiement", "/documents", "/nous-contacter",
  "/reclamations", "/informations-personnelles", "/assurance",
  "/prelevements", "/ma-residence", "/mes-donnees", "/pkg/app.css",
}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
