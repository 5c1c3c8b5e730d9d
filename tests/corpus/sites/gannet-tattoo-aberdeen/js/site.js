window.cookieconsent && window.cookieconsent.initialise({palette:{popup:{background:"#1d2b36"},button:{background:"#f1d600"}},theme:"classic"});
