jQuery(function($){$(".weebly-cookie-notification__button").on("click",function(){$("#weebly-cookie-notification-container").hide()})});
