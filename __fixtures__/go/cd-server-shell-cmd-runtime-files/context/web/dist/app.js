document.getElementById('root').textContent = 'notice board';
