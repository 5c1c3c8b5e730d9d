/* Agendaki widget 2.14.0 */
(function(){var form=document.querySelector(".agk-form");if(!form)return;form.addEventListener("change",function(e){if(e.target.name==="professional_id"){form.querySelector(".agk-btn--primary").disabled=false;}});})();
